using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using KvService.Cli;

namespace KvService.Real;

/// <summary>
/// A KV server (<c>serve</c>) as a child process, for a real run: started on a port, killed with SIGKILL at any moment
/// (<c>kill -9</c>: no flush, no goodbye) and started again on the same port and data folder. Everything it prints goes
/// to the run's log, each line marked with its incarnation.
/// </summary>
internal sealed partial class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly string _implementation;
    private readonly string _dataFolder;
    private readonly Action<string> _log;
    private Process? _process;
    private int _port;

    public ServerProcess(string implementation, string dataFolder, Action<string> log)
    {
        _implementation = implementation;
        _dataFolder = dataFolder;
        _log = log;
    }

    /// <summary>The port served (chosen by the first start, kept by the restarts).</summary>
    public int Port => _port;

    /// <summary>Starts so far (the first, then one per restart).</summary>
    public int Starts { get; private set; }

    /// <summary>The running process's id, or 0.</summary>
    public int ProcessId => _process is { HasExited: false } p ? p.Id : 0;

    /// <summary>Whether the process runs now.</summary>
    public bool IsRunning => _process is { HasExited: false };

    /// <summary>Starts the server and waits until it listens (on a free port the first time, on the same port after).</summary>
    /// <exception cref="KvHostException">It exited, or did not listen within a minute; the message holds what it printed.</exception>
    public async Task StartAsync(CancellationToken cancellation)
    {
        if (IsRunning) return;
        int incarnation = ++Starts;
        var listening = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var printed = new List<string>();
        var info = new ProcessStartInfo(Dotnet())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { typeof(ServerProcess).Assembly.Location, "serve", "--port", _port.ToString(CultureInfo.InvariantCulture),
            "--data", _dataFolder, "--impl", _implementation })
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        void OnLine(string? line)
        {
            if (line is null) return;
            _log($"server #{incarnation}: {line}");
            lock (printed) if (printed.Count < 50) printed.Add(line);
            if (Listening().Match(line) is { Success: true } m) listening.TrySetResult(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));
        }
        process.OutputDataReceived += (_, e) => OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data);
        process.Exited += (_, _) => listening.TrySetException(new KvHostException("exited"));
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        _process = process;
        try
        {
            _port = await listening.Task.WaitAsync(StartTimeout, cancellation);
        }
        catch (Exception error) when (error is KvHostException or TimeoutException)
        {
            Kill();
            string output;
            lock (printed) output = string.Join("\n  ", printed);
            throw new KvHostException(
                $"The server ({info.FileName} {string.Join(' ', info.ArgumentList)}) {(error is TimeoutException ? "did not listen within a minute" : "exited")}. It printed:\n  {output}");
        }
    }

    /// <summary>Kills the server with SIGKILL, at once, and waits until it is gone.</summary>
    public void Kill()
    {
        if (_process is not { } process) return;
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: false); // SIGKILL on Unix: kill -9
                process.WaitForExit();
                _log($"server #{Starts}: killed (kill -9)");
            }
        }
        catch (InvalidOperationException)
        {
            // already gone
        }
        process.Dispose();
        _process = null;
    }

    public ValueTask DisposeAsync()
    {
        Kill();
        return ValueTask.CompletedTask;
    }

    /// <summary>The dotnet host that runs this process, else the one on the PATH.</summary>
    private static string Dotnet() =>
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";

    [GeneratedRegex(ServeCommand.ListeningText + @" \S+:(\d+)")]
    private static partial Regex Listening();
}
