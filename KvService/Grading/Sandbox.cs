using System.Diagnostics;
using System.Globalization;

namespace KvService.Grading;

/// <summary>
/// How a worker process is started: with a clean environment, its scratch folder as working folder, the GC's heap hard
/// limit and an OS limit on its data (<c>prlimit --data</c>), and, where bubblewrap is installed, inside it: no network,
/// only the harness and its own submission readable, nothing writable but its scratch folder.
/// </summary>
public sealed class Sandbox
{
    private readonly string? _bwrap;
    private readonly string? _prlimit;

    private Sandbox(string? bwrap, string? prlimit)
    {
        _bwrap = bwrap;
        _prlimit = prlimit;
    }

    /// <summary>The sandbox this machine offers; <paramref name="useBubblewrap"/> false runs workers without bubblewrap.</summary>
    public static Sandbox Detect(bool useBubblewrap = true) =>
        new(useBubblewrap && OperatingSystem.IsLinux() ? Find("bwrap") : null, OperatingSystem.IsLinux() ? Find("prlimit") : null);

    /// <summary>Workers run inside bubblewrap.</summary>
    public bool Isolated => _bwrap is not null;

    /// <summary>What the sandbox is, in words, for the terminal and the results.</summary>
    public string Description => Isolated
        ? "bubblewrap: no network; only the harness and the submission readable; only the scratch folder writable"
        : "none: bubblewrap is not installed (apt-get install bubblewrap), so a submission can read other submissions and " +
          "the rubric, open sockets and write outside its folder; each still runs in its own process with time and memory limits";

    /// <summary>The start info of a worker: <c>dotnet harness.dll grade-worker</c> for <paramref name="submission"/>'s
    /// assembly folder, writing only to <paramref name="scratch"/>, under <paramref name="limits"/>.</summary>
    public ProcessStartInfo Worker(string harnessDll, string submission, string scratch, RubricLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : Find("dotnet") ?? "dotnet";
        var command = new List<string>();
        long heap = (long)limits.MemoryMiB << 20;
        if (_prlimit is not null) command.AddRange([_prlimit, $"--data={heap + (1L << 30)}", "--core=0", "--"]);
        if (_bwrap is not null)
        {
            string harness = Path.GetDirectoryName(Path.GetFullPath(harnessDll))!;
            string runtime = Path.GetDirectoryName(Path.GetFullPath(dotnet))!;
            command.AddRange([_bwrap, "--unshare-all", "--die-with-parent", "--new-session",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
                "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"]);
            foreach (string dir in new[] { runtime, harness, submission }.Distinct())
                if (!dir.StartsWith("/usr/", StringComparison.Ordinal)) command.AddRange(["--ro-bind", dir, dir]);
            command.AddRange(["--bind", scratch, scratch, "--chdir", scratch]);
        }
        command.AddRange([dotnet, harnessDll, "grade-worker"]);
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = scratch,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in command.Skip(1)) info.ArgumentList.Add(arg);
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/bin:/bin";
        info.Environment["HOME"] = scratch;
        info.Environment["TMPDIR"] = scratch;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heap.ToString("x", CultureInfo.InvariantCulture);
        // Quick JIT stays off (KvService's runtimeconfig): unoptimized code keeps locals alive to the end of their method,
        // and the memory checks would find the cluster a check dropped still reachable.
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) info.Environment["DOTNET_ROOT"] = root;
        return info;
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
