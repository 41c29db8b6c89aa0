using System.Diagnostics;
using System.Text;
using System.Text.Json;

namespace KvService.Grading;

/// <summary>
/// Runs a rubric's tests for one built submission in worker processes (<see cref="GradeWorker"/>), and turns whatever a
/// worker does into graded results: a worker that dies fails the test it had started, with the reason (an exit, a stack
/// overflow, out of memory, a native fault), and a new worker goes on with the next test; a test still running when its
/// group's time (or the submission's) runs out is timed out, its worker killed, and the group's other tests are not run.
/// </summary>
public sealed class SubmissionRunner(Sandbox sandbox, string harnessDll, RubricLimits limits)
{
    /// <summary>Runs <paramref name="tests"/> against the assembly <paramref name="assembly"/>; <paramref name="scratch"/> is
    /// the worker's only writable folder; <paramref name="progress"/> hears each finished test.</summary>
    public IReadOnlyList<TestResult> Run(string assembly, string replayName, IReadOnlyList<GradeTest> tests, string scratch, string artifacts,
        Action<TestResult>? progress = null)
    {
        Directory.CreateDirectory(scratch);
        Directory.CreateDirectory(artifacts);
        var results = new Dictionary<string, TestResult>(StringComparer.Ordinal);
        var remaining = new Queue<GradeTest>(tests);
        var submissionEnd = Stopwatch.GetTimestamp() + Ticks(limits.SubmissionSeconds); // outside the simulation: the grader's parent process times its workers; no simulation runs here
        var groupEnds = new Dictionary<string, long>(StringComparer.Ordinal);
        void Record(TestResult result)
        {
            results[result.Id] = result;
            progress?.Invoke(result);
        }
        while (remaining.Count > 0)
        {
            if (Stopwatch.GetTimestamp() >= submissionEnd) // outside the simulation: the grader's parent process times its workers; no simulation runs here
            {
                while (remaining.TryDequeue(out var left))
                    Record(NotRun(left, $"not run: the submission's time limit ({limits.SubmissionSeconds:0} s) was used up by earlier tests"));
                break;
            }
            var order = new WorkOrder
            {
                Implementation = assembly,
                ReplayImplementation = replayName,
                Tests = [.. remaining],
                ArtifactsFolder = artifacts,
                OutputChars = limits.OutputKiB * 1024,
                MaxManagedMemory = ((long)limits.MemoryMiB << 20) * 3 / 4,
            };
            var stop = RunWorker(order, Path.GetDirectoryName(Path.GetFullPath(assembly))!, scratch, submissionEnd, groupEnds, remaining, Record);
            if (stop is { } error)
            {
                while (remaining.TryDequeue(out var left)) Record(Failed(left, error));
            }
        }
        return [.. tests.Select(t => results[t.Id])];
    }

    /// <summary>One worker's life; returns an error that fails every remaining test, or null to go on.</summary>
    private string? RunWorker(WorkOrder order, string submissionFolder, string scratch, long submissionEnd, Dictionary<string, long> groupEnds,
        Queue<GradeTest> remaining, Action<TestResult> record)
    {
        using var process = new Process { StartInfo = sandbox.Worker(harnessDll, submissionFolder, scratch, limits) };
        var stderr = new TailBuffer(4096);
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Add(e.Data); };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return $"the worker process could not start: {e.Message}";
        }
        process.BeginErrorReadLine();
        process.StandardInput.Write(JsonSerializer.Serialize(order, Rubric.Json));
        process.StandardInput.Close();
        GradeTest? current = null;
        long currentStart = 0;
        int finished = 0;
        while (true)
        {
            long end = submissionEnd;
            string limitText = $"the submission's time limit ({limits.SubmissionSeconds:0} s)";
            if (current is not null && groupEnds.TryGetValue(current.Group, out long groupEnd) && groupEnd < end)
                (end, limitText) = (groupEnd, $"the time limit of group '{current.Group}' ({limits.GroupSeconds:0} s)");
            var wait = TimeSpan.FromTicks(Math.Max(0, (end - Stopwatch.GetTimestamp()) * TimeSpan.TicksPerSecond / Stopwatch.Frequency)); // outside the simulation: the grader's parent process times its workers; no simulation runs here
            string? text;
            using (var timeout = new CancellationTokenSource(wait))
            {
                try
                {
                    text = process.StandardOutput.ReadLineAsync(timeout.Token).AsTask().GetAwaiter().GetResult();
                }
                catch (OperationCanceledException)
                {
                    Kill(process);
                    if (current is null) return $"the worker did not start a test before {limitText} ran out";
                    double seconds = Seconds(Stopwatch.GetTimestamp() - currentStart); // outside the simulation: the grader's parent process times its workers; no simulation runs here
                    record(Timed(current, $"still running after {seconds:0.#} s, when {limitText} ran out: an endless loop, a deadlock outside the simulation, or far too slow"));
                    Dequeue(remaining, current);
                    // The group's time is used up: its other tests are not run.
                    while (remaining.TryPeek(out var next) && next.Group == current.Group)
                        record(NotRun(remaining.Dequeue(), $"not run: {limitText} was used up by an earlier test"));
                    return null;
                }
            }
            if (text is null) break; // the worker ended
            WorkerLine? line;
            try
            {
                line = JsonSerializer.Deserialize<WorkerLine>(text, Rubric.Json);
            }
            catch (JsonException)
            {
                continue; // not a line of the protocol: output that slipped past the capture
            }
            if (line?.Error is { } error)
            {
                process.WaitForExit();
                return $"the submission could not be loaded: {error}";
            }
            if (line?.Start is { } id && remaining.TryPeek(out var next2) && next2.Id == id)
            {
                current = next2;
                currentStart = Stopwatch.GetTimestamp(); // outside the simulation: the grader's parent process times its workers; no simulation runs here
                if (!groupEnds.ContainsKey(current.Group)) groupEnds[current.Group] = currentStart + Ticks(limits.GroupSeconds);
            }
            else if (line?.Result is { } result && current is not null && result.Id == current.Id)
            {
                record(result);
                finished++;
                Dequeue(remaining, current);
                current = null;
            }
        }
        process.WaitForExit();
        if (current is null)
        {
            // A worker stops early on purpose after a test that left a thread stuck in the submission's code: a new one goes on.
            return remaining.Count == 0 || (finished > 0 && process.ExitCode == GradeWorker.Restart) ? null
                : $"the worker ended before running every test ({Describe(process.ExitCode, stderr.Text)})";
        }
        record(TestResult.Of(current, TestOutcome.Crashed, Describe(process.ExitCode, stderr.Text)) with
        {
            Output = stderr.Text,
            Seconds = Math.Round(Seconds(Stopwatch.GetTimestamp() - currentStart), 3), // outside the simulation: the grader's parent process times its workers; no simulation runs here
        });
        Dequeue(remaining, current);
        return null;
    }

    /// <summary>Why a worker died, in words, from its exit code and the end of its standard error.</summary>
    internal static string Describe(int exitCode, string stderr)
    {
        if (stderr.Contains("Stack overflow", StringComparison.Ordinal)) return "the process crashed with a stack overflow (endless recursion?)";
        if (stderr.Contains("OutOfMemoryException", StringComparison.Ordinal) || stderr.Contains("GC heap initialization failed", StringComparison.Ordinal))
            return "the process ran out of memory";
        if (stderr.Contains("AccessViolationException", StringComparison.Ordinal))
            return "the process crashed with a native fault (access violation: a write or read through a bad pointer)";
        if (stderr.Contains("Process terminated", StringComparison.Ordinal)) return "the process ended itself (Environment.FailFast): " + FirstLine(stderr, "Process terminated");
        if (stderr.Contains("Unhandled exception", StringComparison.Ordinal)) return "the process crashed with an unhandled exception: " + FirstLine(stderr, "Unhandled exception");
        return exitCode switch
        {
            137 => "the process was killed (signal 9): most likely out of memory",
            139 => "the process crashed with a native fault (signal 11, segmentation fault)",
            134 => "the process aborted (signal 6)",
            > 128 and < 160 => $"the process was killed by signal {exitCode - 128}",
            0 => "the process exited (code 0) in the middle of a test: Environment.Exit?",
            _ => $"the process exited with code {exitCode} in the middle of a test: Environment.Exit({exitCode})?",
        };
    }

    private static string FirstLine(string text, string start)
    {
        int i = text.IndexOf(start, StringComparison.Ordinal);
        string rest = text[i..];
        int end = rest.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? rest : rest[..end]).Trim();
    }

    private static void Dequeue(Queue<GradeTest> remaining, GradeTest test)
    {
        if (remaining.TryPeek(out var first) && first == test) remaining.Dequeue();
    }

    private static void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // it ended on its own meanwhile
        }
    }

    private static TestResult NotRun(GradeTest test, string reason) => TestResult.Of(test, TestOutcome.NotRun, reason);

    private static TestResult Failed(GradeTest test, string reason) => TestResult.Of(test, TestOutcome.Failed, reason);

    private static TestResult Timed(GradeTest test, string reason) => TestResult.Of(test, TestOutcome.TimedOut, reason);

    private static long Ticks(double seconds) => (long)(seconds * Stopwatch.Frequency); // outside the simulation: the grader's parent process times its workers; no simulation runs here

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency; // outside the simulation: the grader's parent process times its workers; no simulation runs here

    /// <summary>The last lines of a stream, at most about <c>capacity</c> characters.</summary>
    private sealed class TailBuffer(int capacity)
    {
        private readonly LinkedList<string> _lines = new();
        private int _length;
        private readonly object _gate = new();

        public void Add(string line)
        {
            lock (_gate)
            {
                _lines.AddLast(line);
                _length += line.Length + 1;
                while (_length > capacity && _lines.Count > 1)
                {
                    _length -= _lines.First!.Value.Length + 1;
                    _lines.RemoveFirst();
                }
            }
        }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    var text = new StringBuilder();
                    foreach (var line in _lines) text.AppendLine(line.Length > capacity ? line[..capacity] : line);
                    return text.ToString();
                }
            }
        }
    }
}
