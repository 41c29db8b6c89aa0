using System.Diagnostics;

namespace KvService.Grading;

/// <summary>
/// A running worker: its process, its protocol lines (capped in length and in all: <see cref="BoundedLineReader"/>), the
/// tail of its standard error, its control group and its scratch folder. <see cref="Dispose"/> kills whatever of it is
/// left — the process tree and everything in its control group — and removes its scratch.
/// </summary>
internal sealed class WorkerProcess : IDisposable
{
    private readonly Process _process;
    private readonly Cgroups.Lease? _lease;
    private readonly string? _hostScratch;
    private readonly TailReader _stderr;

    /// <summary>A started worker; <paramref name="hostScratch"/> is its scratch folder on the grader's disk (none in the sandbox).</summary>
    public WorkerProcess(Process process, Cgroups.Lease? lease, string? hostScratch)
    {
        _process = process;
        _lease = lease;
        _hostScratch = hostScratch;
        _stderr = new TailReader(process.StandardError.BaseStream, 4096);
    }

    /// <summary>The longest protocol line the grader reads: a result, or one file of a failure's counterexample.</summary>
    public const int MaxLine = 24 << 20;

    /// <summary>The most the grader reads of one worker's output in all.</summary>
    public const long MaxOutput = 256L << 20;

    private readonly System.Collections.Concurrent.BlockingCollection<Func<string?>> _lines = new();
    private Thread? _reader;

    /// <summary>Writes the work order and closes the worker's standard input.</summary>
    public void Send(string order)
    {
        try
        {
            _process.StandardInput.Write(order);
            _process.StandardInput.Close();
        }
        catch (IOException)
        {
            // it died at once: its exit code says why
        }
    }

    /// <summary>
    /// The next line of the worker's standard output, or null when it closed it; false when none came within
    /// <paramref name="timeout"/>. Throws <see cref="InvalidDataException"/> when the worker broke the caps. The lines are
    /// read on a thread of this worker's own, so that no wait of the grader depends on the thread pool.
    /// </summary>
    public bool TryReadLine(TimeSpan timeout, out string? line)
    {
        if (_reader is null)
        {
            var reader = new BoundedLineReader(_process.StandardOutput.BaseStream, MaxLine, MaxOutput);
            _reader = new Thread(() => // outside the simulation: the grader's parent process reads its worker
            {
                while (true)
                {
                    string? next;
                    try
                    {
                        next = reader.ReadLine();
                    }
                    catch (Exception e) when (e is InvalidDataException or IOException or ObjectDisposedException)
                    {
                        var error = e as InvalidDataException ?? new InvalidDataException(e.Message);
                        _lines.Add(() => throw error);
                        return;
                    }
                    _lines.Add(() => next);
                    if (next is null) return;
                }
            }) { IsBackground = true, Name = "grade-worker stdout" };
            _reader.Start();
        }
        if (!_lines.TryTake(out var item, timeout))
        {
            line = null;
            return false;
        }
        line = item();
        return true;
    }

    /// <summary>The end of its standard error.</summary>
    public string Stderr => _stderr.Text;

    /// <summary>Waits a little for the worker to exit on its own, then kills it; returns its exit code.</summary>
    public int End(TimeSpan grace)
    {
        if (!_process.WaitForExit(grace)) Kill();
        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>Kills the worker's process tree and everything in its control group.</summary>
    public void Kill()
    {
        try
        {
            _process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // it ended on its own meanwhile
        }
        _lease?.KillAll();
        _process.WaitForExit(10_000);
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _lease?.Dispose();
        _process.Dispose();
        if (_hostScratch is not null && Directory.Exists(_hostScratch))
        {
            try
            {
                Directory.Delete(_hostScratch, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // left for the next grading of this student, which deletes it first
            }
        }
    }
}
