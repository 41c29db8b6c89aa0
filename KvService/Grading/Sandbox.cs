using System.Diagnostics;
using System.Globalization;

namespace KvService.Grading;

/// <summary>
/// How a worker process is started, and which of the rubric's limits hold on this machine (<see cref="Limits"/>). Where
/// bubblewrap is installed the worker runs inside it: no network, new pid/ipc/uts namespaces, a new session, killed with
/// the grader; only the runtime, the harness and the submission's own compiled assembly readable (read-only binds that it
/// cannot remount); its only writable places a sized tmpfs at <c>/tmp</c> (its scratch) and at <c>/dev/shm</c>; the root
/// read-only. When the grader runs as root, the worker runs as an unprivileged uid of its own (one per parallel slot of
/// this grader: <see cref="UidOf"/>) with every capability dropped and <c>no_new_privs</c>. Memory (shared memory and tmpfs
/// included) and tasks are limited by a control group where the machine offers one (<see cref="Cgroups"/>), file size and
/// data size by <c>prlimit</c>, and tasks by <c>RLIMIT_NPROC</c> under the worker's own uid; the GC's heap hard limit
/// makes running out of memory an <c>OutOfMemoryException</c> with a reason, not a kill.
/// </summary>
public sealed class Sandbox
{
    /// <summary>Above every uid a worker runs as (see <see cref="UidOf"/>).</summary>
    public const int UidBase = 1_000_000;

    /// <summary>How many uids each sandbox (each grading) keeps for its workers: two per parallel slot at most.</summary>
    public const int UidsPerSandbox = 1024;

    private static int _sandboxes;
    private readonly int _uids = UidBase + (Environment.ProcessId % 2000) * 100_000 + Interlocked.Increment(ref _sandboxes) % 97 * UidsPerSandbox;

    /// <summary>The uid (and gid) a worker of slot <paramref name="slot"/> runs as when the grader is root: one of this
    /// sandbox's own, from a block chosen by the grader's process id and the number of gradings it ran, so that two
    /// gradings, in one process or on one machine, share no uid, and no worker shares its limit on tasks or its signals
    /// with another's.</summary>
    public int UidOf(int slot) => _uids + slot % UidsPerSandbox;

    private readonly string? _bwrap;
    private readonly string? _prlimit;
    private readonly string? _setpriv;
    private readonly Cgroups? _cgroups;
    private readonly bool _root;

    private Sandbox(string? bwrap, string? prlimit, string? setpriv, Cgroups? cgroups, bool root)
    {
        _bwrap = bwrap;
        _prlimit = prlimit;
        _setpriv = setpriv;
        _cgroups = cgroups;
        _root = root;
    }

    /// <summary>The sandbox this machine offers; <paramref name="useBubblewrap"/> false runs workers without bubblewrap
    /// (the other limits still apply).</summary>
    public static Sandbox Detect(bool useBubblewrap = true)
    {
        if (!OperatingSystem.IsLinux()) return new(null, null, null, null, false);
        bool root = Environment.UserName == "root" || Environment.GetEnvironmentVariable("USER") == "root" || IsRootUid();
        return new(useBubblewrap ? Find("bwrap") : null, Find("prlimit"), root ? Find("setpriv") : null, Cgroups.Detect(), root);
    }

    private static bool IsRootUid()
    {
        try
        {
            return File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("Uid:", StringComparison.Ordinal)) is { } line
                && line.Split('\t', StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1) == "0";
        }
        catch (IOException)
        {
            return false;
        }
    }

    /// <summary>Workers run inside bubblewrap.</summary>
    public bool Isolated => _bwrap is not null;

    /// <summary>Workers run as an unprivileged uid of their own with no capabilities.</summary>
    public bool Unprivileged => Isolated && (!_root || _setpriv is not null);

    /// <summary>What the sandbox is, in words, for the terminal and the results.</summary>
    public string Description => Isolated
        ? "bubblewrap: no network; only the runtime, the harness and the submission readable (read-only); only a sized /tmp writable" +
          (Unprivileged ? (_root ? $"; an unprivileged uid per worker ({UidOf(0)}+), no capabilities" : "; the grader's own unprivileged uid, no capabilities") : "; NOT unprivileged (setpriv is missing)")
        : "none: a submission can read other submissions and the rubric, open sockets and write outside its folder; each still runs in its own process with the limits below";

    /// <summary>Each of <paramref name="limits"/>, and whether and how it holds on this machine.</summary>
    public IReadOnlyList<SandboxLimit> Limits(RubricLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        bool memoryGroup = _cgroups?.Memory == true;
        bool taskGroup = _cgroups?.Tasks == true;
        return
        [
            new("memory", $"{limits.MemoryMiB} MiB heap", memoryGroup || _prlimit is not null,
                memoryGroup ? $"{_cgroups!.Kind} memory limit of {WorkerMemory(limits) >> 20} MiB on everything the worker uses, shared memory and tmpfs included; the GC's heap hard limit under it"
                : _prlimit is not null ? "prlimit --data and the GC's heap hard limit; shared memory and tmpfs are NOT counted (no control group here)"
                : "the GC's heap hard limit only"),
            new("tasks", $"{limits.Tasks} processes and threads", taskGroup || (_prlimit is not null && Unprivileged && _root),
                taskGroup ? $"{_cgroups!.Kind} pids.max" : _prlimit is not null && Unprivileged && _root ? "RLIMIT_NPROC under the worker's own uid" : "NOT limited (no control group, and the worker does not run as a uid of its own)"),
            new("scratch", $"{limits.ScratchMiB} MiB", Isolated,
                Isolated ? "a tmpfs of that size at /tmp (and one at /dev/shm); nothing else writable" : "NOT bounded: without bubblewrap the scratch folder is on the grader's disk"),
            new("file size", $"{limits.ScratchMiB} MiB", _prlimit is not null, _prlimit is not null ? "prlimit --fsize" : "NOT limited (prlimit is missing)"),
            new("wall time", $"{limits.GroupSeconds:0} s a group, {limits.SubmissionSeconds:0} s a submission, plus the determinism re-run", true,
                "the grader kills the worker; the re-run of a sample has at most three times the sample's first time plus 10 s, within a group's limit"),
            new("network", "none", Isolated, Isolated ? "a network namespace with only its own loopback" : "NOT isolated"),
        ];
    }

    /// <summary>A worker's memory in all: the heap, the runtime beside it, and its tmpfs scratch.</summary>
    private static long WorkerMemory(RubricLimits limits) => ((long)limits.MemoryMiB + limits.ScratchMiB * 2L + 512) << 20;

    /// <summary>Starts a worker: <c>dotnet harness.dll grade-worker</c> with <paramref name="assemblyFolder"/> (the compiled
    /// submission) readable, in parallel slot <paramref name="slot"/>, under <paramref name="limits"/>. Without bubblewrap
    /// its scratch is <paramref name="hostScratch"/>.</summary>
    internal WorkerProcess Start(string harnessDll, string assemblyFolder, string hostScratch, RubricLimits limits, int slot)
    {
        ArgumentNullException.ThrowIfNull(limits);
        string dotnet = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : Find("dotnet") ?? "dotnet";
        string scratch = Isolated ? "/tmp" : hostScratch;
        if (!Isolated) Directory.CreateDirectory(hostScratch);
        var lease = _cgroups?.Create(WorkerMemory(limits), limits.Tasks);
        var command = new List<string>();
        if (lease is not null)
        {
            // Joins the worker's group before anything of the worker runs, so that nothing it starts is outside it.
            command.AddRange(["/bin/sh", "-c", "while [ \"$1\" != -- ]; do echo $$ > \"$1\" || exit 125; shift; done; shift; exec \"$@\"", "sh"]);
            command.AddRange(lease.ProcsFiles);
            command.Add("--");
        }
        long heap = (long)limits.MemoryMiB << 20;
        long scratchBytes = (long)limits.ScratchMiB << 20;
        int uid = UidOf(slot);
        if (_prlimit is not null)
        {
            command.AddRange([_prlimit, $"--data={heap + (1L << 30)}", "--core=0", $"--fsize={scratchBytes}"]);
            if (Unprivileged && _root) command.Add($"--nproc={limits.Tasks}");
            command.Add("--");
        }
        if (_bwrap is not null)
        {
            string harness = Path.GetDirectoryName(Path.GetFullPath(harnessDll))!;
            string runtime = Path.GetDirectoryName(Path.GetFullPath(dotnet))!;
            command.AddRange([_bwrap, "--unshare-ipc", "--unshare-pid", "--unshare-net", "--unshare-uts", "--unshare-cgroup-try", "--die-with-parent", "--new-session",
                "--ro-bind", "/usr", "/usr", "--symlink", "usr/lib", "/lib", "--symlink", "usr/lib64", "/lib64", "--symlink", "usr/bin", "/bin",
                "--proc", "/proc", "--dev", "/dev"]);
            // The tmpfs first: a bind under /tmp (a grading folder there) goes on top of it, not under it.
            string size = scratchBytes.ToString(CultureInfo.InvariantCulture);
            command.AddRange(["--perms", "1777", "--size", size, "--tmpfs", "/tmp", "--perms", "1777", "--size", size, "--tmpfs", "/dev/shm"]);
            var binds = new[] { runtime, harness, assemblyFolder }.Distinct().Where(d => !d.StartsWith("/usr/", StringComparison.Ordinal)).ToList();
            // The folders above a bind are made 0755 first: bubblewrap would make them 0700 (as root), out of an unprivileged uid's reach.
            foreach (string parent in binds.SelectMany(Ancestors).Distinct().Order(StringComparer.Ordinal))
                command.AddRange(["--perms", "0755", "--dir", parent]);
            foreach (string dir in binds) command.AddRange(["--ro-bind", dir, dir]);
            command.AddRange(["--remount-ro", "/", "--chdir", "/tmp"]);
            if (!_root) command.AddRange(["--unshare-user", "--disable-userns", "--cap-drop", "ALL"]);
            command.Add("--");
            if (_root && _setpriv is not null)
                command.AddRange([_setpriv, $"--reuid={uid}", $"--regid={uid}", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--"]);
        }
        command.AddRange([dotnet, harnessDll, "grade-worker"]);
        var info = new ProcessStartInfo(command[0])
        {
            WorkingDirectory = Isolated ? "/" : scratch,
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
        info.Environment["DOTNET_CLI_HOME"] = scratch;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + heap.ToString("x", CultureInfo.InvariantCulture);
        // Quick JIT stays off (KvService's runtimeconfig): unoptimized code keeps locals alive to the end of their method,
        // and the memory checks would find the cluster a check dropped still reachable.
        info.Environment["DOTNET_TieredPGO"] = "0";
        info.Environment["DOTNET_DbgEnableMiniDump"] = "0";
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        if (Environment.GetEnvironmentVariable("DOTNET_ROOT") is { } root) info.Environment["DOTNET_ROOT"] = root;
        var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            lease?.Dispose();
            throw;
        }
        return new WorkerProcess(process, lease, Isolated ? null : hostScratch);
    }

    /// <summary>The folders above <paramref name="path"/>, outermost first, without the root.</summary>
    private static IEnumerable<string> Ancestors(string path)
    {
        var above = new List<string>();
        for (string? dir = Path.GetDirectoryName(path); !string.IsNullOrEmpty(dir) && dir != "/"; dir = Path.GetDirectoryName(dir)) above.Add(dir);
        above.Reverse();
        return above;
    }

    private static string? Find(string program) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => Path.Combine(d, program)).FirstOrDefault(File.Exists);
}
