using System.Globalization;

namespace KvService.Grading;

/// <summary>
/// Control groups for workers, where this machine lets the grader make them: one group per worker with a memory limit
/// (which counts the page cache of its tmpfs and shared memory, unlike <c>prlimit --data</c>) and a limit on its tasks
/// (processes and threads). cgroup v2 (<c>memory.max</c>, <c>pids.max</c>) when the grader's own group can delegate both
/// controllers; else v1 (<c>memory.limit_in_bytes</c>, <c>pids.max</c>) where both hierarchies are mounted and writable,
/// as for root in most containers; else none, and the grader says so.
/// </summary>
internal sealed class Cgroups
{
    private readonly string? _memory;
    private readonly string? _pids;
    private readonly bool _v2;
    private static int _next;

    private Cgroups(string? memory, string? pids, bool v2)
    {
        _memory = memory;
        _pids = pids;
        _v2 = v2;
    }

    /// <summary>How the groups are made, in words.</summary>
    public string Kind => _v2 ? "cgroup v2" : "cgroup v1";

    /// <summary>A worker's memory is limited.</summary>
    public bool Memory => _memory is not null;

    /// <summary>A worker's tasks are limited.</summary>
    public bool Tasks => _pids is not null;

    /// <summary>The groups this machine offers the grader, or null.</summary>
    public static Cgroups? Detect()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/self/cgroup")) return null;
        try
        {
            var own = File.ReadAllLines("/proc/self/cgroup").Select(l => l.Split(':', 3)).Where(p => p.Length == 3).ToList();
            if (own.FirstOrDefault(p => p[0] == "0" && p[1].Length == 0) is { } unified && V2(unified[2]) is { } v2) return v2;
            string? Hierarchy(string controller)
            {
                var line = own.FirstOrDefault(p => p[1].Split(',').Contains(controller));
                if (line is null) return null;
                string dir = Path.Combine("/sys/fs/cgroup", controller) + line[2].TrimEnd('/');
                return Probe(dir) ? dir : null;
            }
            var (memory, pids) = (Hierarchy("memory"), Hierarchy("pids"));
            return memory is null && pids is null ? null : new Cgroups(memory, pids, v2: false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static Cgroups? V2(string path)
    {
        foreach (string mount in new[] { "/sys/fs/cgroup", "/sys/fs/cgroup/unified" })
        {
            string dir = mount + path.TrimEnd('/');
            string control = Path.Combine(dir, "cgroup.subtree_control");
            if (!File.Exists(Path.Combine(mount, "cgroup.controllers")) || !File.Exists(control)) continue;
            var enabled = File.ReadAllText(control).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (!enabled.Contains("memory") || !enabled.Contains("pids"))
            {
                try
                {
                    File.WriteAllText(control, "+memory +pids");
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    continue; // a group with processes of its own cannot delegate (or we may not): no v2 here
                }
            }
            if (Probe(dir)) return new Cgroups(dir, dir, v2: true);
        }
        return null;
    }

    private static bool Probe(string dir)
    {
        string probe = Path.Combine(dir, $"labrpc-probe-{Environment.ProcessId}");
        try
        {
            Directory.CreateDirectory(probe);
            Directory.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>A new group (one folder per hierarchy) with <paramref name="memoryBytes"/> and <paramref name="tasks"/> as its limits.</summary>
    public Lease Create(long memoryBytes, int tasks)
    {
        string name = $"labrpc-worker-{Environment.ProcessId}-{Interlocked.Increment(ref _next)}";
        var dirs = new List<string>();
        try
        {
            foreach (string root in new[] { _memory, _pids }.OfType<string>().Distinct())
            {
                string dir = Path.Combine(root, name);
                Directory.CreateDirectory(dir);
                dirs.Add(dir);
                if (root == _memory) SetMemory(dir, memoryBytes);
                if (root == _pids) File.WriteAllText(Path.Combine(dir, "pids.max"), tasks.ToString(CultureInfo.InvariantCulture));
            }
            return new Lease(dirs);
        }
        catch
        {
            new Lease(dirs).Dispose();
            throw;
        }
    }

    private void SetMemory(string dir, long bytes)
    {
        string value = bytes.ToString(CultureInfo.InvariantCulture);
        if (_v2)
        {
            File.WriteAllText(Path.Combine(dir, "memory.max"), value);
            if (File.Exists(Path.Combine(dir, "memory.swap.max"))) File.WriteAllText(Path.Combine(dir, "memory.swap.max"), "0");
            return;
        }
        File.WriteAllText(Path.Combine(dir, "memory.limit_in_bytes"), value);
        if (File.Exists(Path.Combine(dir, "memory.memsw.limit_in_bytes"))) File.WriteAllText(Path.Combine(dir, "memory.memsw.limit_in_bytes"), value);
    }

    /// <summary>One worker's group: the files a process writes its id to, to join it; ending it kills whatever is left in
    /// it and removes it.</summary>
    public sealed class Lease(IReadOnlyList<string> dirs) : IDisposable
    {
        /// <summary>The <c>cgroup.procs</c> files to join.</summary>
        public IReadOnlyList<string> ProcsFiles { get; } = [.. dirs.Select(d => Path.Combine(d, "cgroup.procs"))];

        /// <summary>Kills every process still in the group.</summary>
        public void KillAll()
        {
            for (int round = 0; round < 250; round++) // up to 5 s: a killed process with much memory takes a while to go
            {
                var pids = ProcsFiles.Where(File.Exists).SelectMany(File.ReadAllLines)
                    .Select(l => int.TryParse(l, NumberStyles.None, CultureInfo.InvariantCulture, out int pid) ? pid : 0).Where(p => p > 0).Distinct().ToList();
                if (pids.Count == 0) return;
                foreach (int pid in pids)
                {
                    try
                    {
                        using var process = System.Diagnostics.Process.GetProcessById(pid);
                        process.Kill();
                    }
                    catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
                    {
                        // already gone
                    }
                }
                Thread.Sleep(20); // outside the simulation: waits for the killed processes to leave the group
            }
        }

        /// <summary>Kills what is left and removes the group's folders.</summary>
        public void Dispose()
        {
            try
            {
                KillAll();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // the group is gone already
            }
            foreach (string dir in dirs)
            {
                for (int attempt = 0; attempt < 20 && Directory.Exists(dir); attempt++)
                {
                    try
                    {
                        Directory.Delete(dir);
                    }
                    catch (IOException)
                    {
                        Thread.Sleep(25); // outside the simulation: a group is busy until its last process has left
                    }
                }
            }
        }
    }
}
