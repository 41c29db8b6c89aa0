using System.Globalization;
using System.Runtime.CompilerServices;
using KvService.Contract;
using KvService.Harness;

namespace LabRpc.Tests.Kv;

/// <summary>
/// 6.824's memory tests (kvsrv, 2024), with the course's bounds. Memory is the managed heap after full collections
/// (<see cref="GC.GetTotalMemory(bool)"/>), measured outside the simulation against a baseline taken when the clerks are
/// made; the growth is what the server (and anything else) still holds when the operations are done. Persisted bytes
/// live in native memory, like a disk, and do not count. Large values are made inside non-inlined helpers so that no
/// frame of the test keeps them alive.
/// </summary>
public static class KvMemoryChecks
{
    private const int MiB = 1 << 20;

    /// <summary>TestMemGet2: on an unreliable network a 10 MiB value is put, read by two clerks and overwritten with
    /// "0"; the heap must grow by less than 10 MiB (no reply is kept that a retry can no longer need).</summary>
    public static string Get2(IKvImplementation implementation, ulong seed, TextWriter output) =>
        TwoClerks(implementation, seed, output, "memory use get", unreliable: true, PutGetGetPut, boundMiB: 10, boundAllowed: false);

    /// <summary>TestMemPut2: a 10 MiB value is put and overwritten with ""; the heap must grow by less than 10 MiB.</summary>
    public static string Put(IKvImplementation implementation, ulong seed, TextWriter output) =>
        TwoClerks(implementation, seed, output, "memory use put", unreliable: false, PutThenOverwrite, boundMiB: 10, boundAllowed: false);

    /// <summary>TestMemAppend2: two clerks append 10 MiB each to one key; the heap may grow by at most 30 MiB (the value
    /// is 20 MiB; the old value remembered for the second append's retry must share its storage).</summary>
    public static string Append(IKvImplementation implementation, ulong seed, TextWriter output) =>
        TwoClerks(implementation, seed, output, "memory use append", unreliable: false, TwoBigAppends, boundMiB: 30, boundAllowed: true);

    /// <summary>
    /// The course's two-clerk memory tests: runs <paramref name="body"/> with two clerks and 10 MiB values, and fails
    /// if the heap grew by <paramref name="boundMiB"/> or more (more, when <paramref name="boundAllowed"/>).
    /// </summary>
    private static string TwoClerks(IKvImplementation implementation, ulong seed, TextWriter output, string name, bool unreliable,
        Func<Simulation, IKvClerk, IKvClerk, int, Task> body, int boundMiB, bool boundAllowed)
    {
        const int mem = 10;
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Unreliable = unreliable, Output = output });
        var ck0 = cluster.MakeClerk();
        var ck1 = cluster.MakeClerk();
        cluster.Begin(name);
        long m0 = Heap();
        cluster.Simulation.Run(() => body(cluster.Simulation, ck0, ck1, mem * MiB));
        long m1 = Heap();
        Report(output, m0, m1, clerks: 0);
        long bound = (long)boundMiB * MiB;
        if (boundAllowed ? m1 - m0 > bound : m1 - m0 >= bound)
            KvChecks.Fail($"error: server using too much memory: {Mib(m1 - m0)} more than the baseline (bound {boundMiB} MiB)");
        return cluster.End();
    }

    /// <summary>TestMemPutManyClients: 100,000 clerks each put one 1000-byte value to one key; the heap may grow by at most
    /// 200 bytes per clerk.</summary>
    public static string PutManyClients(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        const int clients = 100_000, mem = 1000;
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
        string value = KvText.RandomValue(cluster.Simulation.Random, mem);
        var clerks = cluster.MakeClerks(clients);
        cluster.Begin("memory use many put clients");
        long m0 = Heap();
        cluster.Simulation.Run(async () =>
        {
            foreach (var ck in clerks) await ck.PutAsync("k", value);
        });
        long m1 = Heap();
        Report(output, m0, m1, clients);
        if (m1 > m0 + clients * 200L) KvChecks.Fail($"error: server using too much memory {m0} {m1} ({PerClient(m0, m1, clients)} per client, bound 200)");
        return cluster.End();
    }

    /// <summary>TestMemGetManyClients: after one put, 100,000 clerks each get one key; the heap must grow by less than
    /// 10 bytes per clerk (gets are not remembered).</summary>
    public static string GetManyClients(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        const int clients = 100_000;
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
        cluster.Begin("memory use many get client");
        var first = cluster.MakeClerk();
        cluster.Simulation.Run(() => first.PutAsync("0", ""));
        cluster.DeleteClerk(first);
        var clerks = cluster.MakeClerks(clients);
        long m0 = Heap();
        cluster.Simulation.Run(async () =>
        {
            foreach (var ck in clerks) await ck.GetAsync("0");
        });
        long m1 = Heap();
        Report(output, m0, m1, clients);
        if (m1 >= m0 + clients * 10L) KvChecks.Fail($"error: server using too much memory m0 {m0} m1 {m1} ({PerClient(m0, m1, clients)} per client, bound 10)");
        return cluster.End();
    }

    /// <summary>TestMemManyAppends: one clerk appends a 1000-byte value 1000 times; the heap must grow by less than
    /// 3,000,000 bytes (the value is 1,000,000).</summary>
    public static string ManyAppends(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        const int n = 1000, mem = 1000;
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
        cluster.Begin("memory use many appends");
        var ck = cluster.MakeClerk();
        string value = KvText.RandomValue(cluster.Simulation.Random, mem);
        long m0 = Heap();
        cluster.Simulation.Run(async () =>
        {
            for (int i = 0; i < n; i++) await ck.AppendAsync("k", value);
        });
        long m1 = Heap();
        Report(output, m0, m1, clerks: 0);
        if (m1 - m0 >= 3L * mem * n) KvChecks.Fail($"error: server using too much memory m0 {m0} m1 {m1} (bound {3 * mem * n} bytes more)");
        return cluster.End();
    }

    /// <summary>The managed heap after full, blocking collections (two: objects that finalizers free go in the second).</summary>
    public static long Heap()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true);
        return GC.GetTotalMemory(forceFullCollection: false);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task PutGetGetPut(Simulation sim, IKvClerk ck0, IKvClerk ck1, int length)
    {
        await ck0.PutAsync("k", KvText.RandomValue(sim.Random, length));
        int got = (await ck0.GetAsync("k")).Length;
        if (got != length) KvChecks.Fail($"error: incorrect len {got}");
        got = (await ck1.GetAsync("k")).Length;
        if (got != length) KvChecks.Fail($"error: incorrect len {got}");
        await ck0.PutAsync("k", "0");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task PutThenOverwrite(Simulation sim, IKvClerk ck0, IKvClerk ck1, int length)
    {
        await ck0.PutAsync("k", KvText.RandomValue(sim.Random, length));
        await ck1.PutAsync("k", "");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task TwoBigAppends(Simulation sim, IKvClerk ck0, IKvClerk ck1, int length)
    {
        await ck0.AppendAsync("k", KvText.RandomValue(sim.Random, length));
        await ck1.AppendAsync("k", KvText.RandomValue(sim.Random, length));
    }

    private static void Report(TextWriter output, long m0, long m1, int clerks) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  heap: {m1 - m0:+#,0;-#,0;0} bytes after the operations ({Mib(m1 - m0)}){(clerks > 0 ? $", {PerClient(m0, m1, clerks)} per clerk" : "")}"));

    private static string Mib(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)MiB:0.00} MiB");

    private static string PerClient(long m0, long m1, int clerks) => string.Create(CultureInfo.InvariantCulture, $"{(m1 - m0) / (double)clerks:0.00} bytes");
}
