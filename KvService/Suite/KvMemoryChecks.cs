using System.Globalization;
using System.Runtime.CompilerServices;
using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// 6.824's memory tests (kvsrv, 2024), with the course's bounds made fair to C#. What is charged is what the cluster (the
/// server, and the clerks) holds at the end more than at the baseline (<see cref="HeldMemory"/>): buffers the runtime
/// pools and its caches are not. Bounds on values are in copies of the value as the implementation stores it
/// (<see cref="ValueCopy"/>: two bytes per character for .NET strings, one for UTF-8), so that "at most 30 MiB after two
/// 10 MiB appends" is "at most three copies"; bounds per clerk are the course's bytes. Persisted bytes live in native
/// memory, like a disk, and do not count. Large values are made inside non-inlined helpers so that no frame of the test
/// keeps them alive.
/// </summary>
public static class KvMemoryChecks
{
    /// <summary>
    /// <paramref name="check"/>, measured again when it finds too much memory: the heap is the process's, and what else runs
    /// in it (a thread a blocked run left behind, the runtime's own work) can add a few MiB to one measurement. The
    /// simulation replays the same run, so a server that keeps too much fails both; it fails with the second's numbers.
    /// </summary>
    public static Func<IKvImplementation, ulong, TextWriter, string> MeasuredTwice(Func<IKvImplementation, ulong, TextWriter, string> check) =>
        (implementation, seed, output) =>
        {
            try
            {
                return check(implementation, seed, output);
            }
            catch (KvCheckFailedException first) when (first.Message.Contains("too much memory", StringComparison.Ordinal))
            {
                output.WriteLine($"  ... measured again: {first.Message}");
                return check(implementation, seed, output);
            }
        };

    /// <summary>Added to every bound, with 1 % of it: what measuring may see beyond the server (a few objects of the harness).</summary>
    public const long Slack = 64 * 1024;

    private const int MiB = 1 << 20;

    /// <summary>TestMemGet2: on an unreliable network a 10 MiB value is put, read by two clerks and overwritten with
    /// "0"; the server must hold less than half a copy of it (no reply is kept that a retry can no longer need).</summary>
    public static string Get2(IKvImplementation implementation, ulong seed, TextWriter output) =>
        TwoClerks(implementation, seed, output, "memory use get", unreliable: true, PutGetGetPut, copies: 0.5, "after the 10 MiB value was read and overwritten");

    /// <summary>TestMemPut2: a 10 MiB value is put and overwritten with ""; the server must hold less than half a copy of it.</summary>
    public static string Put(IKvImplementation implementation, ulong seed, TextWriter output) =>
        TwoClerks(implementation, seed, output, "memory use put", unreliable: false, PutThenOverwrite, copies: 0.5, "after the 10 MiB value was overwritten");

    /// <summary>TestMemAppend2: two clerks append 10 MiB each to one key; the server may hold at most three copies of a
    /// 10 MiB value (the value is two; the old value remembered for the second append's retry is the third, or shares the
    /// value's storage).</summary>
    public static string Append(IKvImplementation implementation, ulong seed, TextWriter output) =>
        TwoClerks(implementation, seed, output, "memory use append", unreliable: false, TwoBigAppends, copies: 3, "after two 10 MiB appends to one key");

    /// <summary>
    /// The course's two-clerk memory tests: runs <paramref name="body"/> with two clerks and 10 MiB values, and fails if the
    /// cluster then holds more than <paramref name="copies"/> copies of a 10 MiB value (as many, when fewer than one).
    /// </summary>
    private static string TwoClerks(IKvImplementation implementation, ulong seed, TextWriter output, string name, bool unreliable,
        Func<Simulation, IKvClerk, IKvClerk, int, Task> body, double copies, string when)
    {
        const int length = 10 * MiB;
        var copy = ValueCopy.Of(implementation, length); // measured once; not the check's time
        var limit = KvTimeLimit.Start(name);
        string line = "";
        var held = HeldMemory.Measure(implementation, probe =>
        {
            using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Unreliable = unreliable, Output = output });
            var ck0 = cluster.MakeClerk();
            var ck1 = cluster.MakeClerk();
            cluster.Begin(name);
            probe.Baseline();
            cluster.Simulation.Run(() => body(cluster.Simulation, ck0, ck1, length));
            limit.Check(() => "the operations done, the memory not yet measured");
            probe.End(cluster);
            line = cluster.End();
        });
        Report(output, held, copy, clerks: 0);
        long bound = WithSlack((long)(copies * copy.Bytes));
        if (copies < 1 ? held.Held >= bound : held.Held > bound)
            KvChecks.Fail(TooMuch(held, copy, when, $"{(copies < 1 ? "less than " : "at most ")}{copies.ToString(CultureInfo.InvariantCulture)} {(copies == 1 ? "copy" : "copies")}", bound));
        return line;
    }

    /// <summary>TestMemPutManyClients: 100,000 clerks each put one 1000-byte value to one key; the cluster may hold at most
    /// 200 bytes more per clerk.</summary>
    public static string PutManyClients(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        const int clients = 100_000, mem = 1000;
        var limit = KvTimeLimit.Start("memory use many put clients");
        string line = "";
        var held = HeldMemory.Measure(implementation, probe =>
        {
            using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
            string value = KvText.RandomValue(cluster.Simulation.Random, mem);
            var clerks = MakeClerks(cluster, clients, limit);
            cluster.Begin("memory use many put clients");
            probe.Baseline();
            cluster.Simulation.Run(async () =>
            {
                for (int i = 0; i < clerks.Length; i++)
                {
                    limit.Check(i, clients, "clerks done");
                    await clerks[i].PutAsync("k", value);
                }
            });
            probe.End(cluster);
            GC.KeepAlive(clerks); // held at the baseline: alive at the end too, or the growth would look smaller
            line = cluster.End();
        });
        Report(output, held, copy: null, clients);
        if (held.Held > WithSlack(clients * 200L))
            KvChecks.Fail($"error: server using too much memory: {PerClient(held.Held, clients)} per client, bound 200 ({Describe(held.Held)} held after {clients:N0} clerks put)");
        return line;
    }

    /// <summary>TestMemGetManyClients: after one put, 100,000 clerks each get one key; the cluster must hold less than 10
    /// bytes more per clerk (gets are not remembered).</summary>
    public static string GetManyClients(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        const int clients = 100_000;
        var limit = KvTimeLimit.Start("memory use many get client");
        string line = "";
        var held = HeldMemory.Measure(implementation, probe =>
        {
            using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
            cluster.Begin("memory use many get client");
            var first = cluster.MakeClerk();
            cluster.Simulation.Run(() => first.PutAsync("0", ""));
            cluster.DeleteClerk(first);
            var clerks = MakeClerks(cluster, clients, limit);
            probe.Baseline();
            cluster.Simulation.Run(async () =>
            {
                for (int i = 0; i < clerks.Length; i++)
                {
                    limit.Check(i, clients, "clerks done");
                    await clerks[i].GetAsync("0");
                }
            });
            probe.End(cluster);
            GC.KeepAlive(clerks); // held at the baseline: alive at the end too, or the growth would look smaller
            line = cluster.End();
        });
        Report(output, held, copy: null, clients);
        if (held.Held >= WithSlack(clients * 10L))
            KvChecks.Fail($"error: server using too much memory: {PerClient(held.Held, clients)} per client, bound 10 ({Describe(held.Held)} held after {clients:N0} clerks got)");
        return line;
    }

    /// <summary>TestMemManyAppends: one clerk appends a 1000-byte value 1000 times; the server must hold less than three
    /// copies of the final 1,000,000-character value.</summary>
    public static string ManyAppends(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        const int n = 1000, mem = 1000;
        var copy = ValueCopy.Of(implementation, n * mem); // measured once; not the check's time
        var limit = KvTimeLimit.Start("memory use many appends");
        string line = "";
        var held = HeldMemory.Measure(implementation, probe =>
        {
            using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Output = output });
            cluster.Begin("memory use many appends");
            var ck = cluster.MakeClerk();
            string value = KvText.RandomValue(cluster.Simulation.Random, mem);
            probe.Baseline();
            cluster.Simulation.Run(async () =>
            {
                for (int i = 0; i < n; i++)
                {
                    limit.Check(i, n, "appends done");
                    await ck.AppendAsync("k", value);
                }
            });
            probe.End(cluster);
            line = cluster.End();
        });
        Report(output, held, copy, clerks: 0);
        long bound = WithSlack(3 * copy.Bytes);
        if (held.Held >= bound) KvChecks.Fail(TooMuch(held, copy, $"after {n:N0} appends of {mem:N0} characters", "less than 3 copies", bound));
        return line;
    }

    /// <summary>A bound in bytes with the measurement's slack added: 1 % and <see cref="Slack"/>.</summary>
    public static long WithSlack(long bound) => bound + bound / 100 + Slack;

    /// <summary>A number of bytes in MiB, or in bytes when small.</summary>
    public static string Describe(long bytes) => Math.Abs(bytes) >= MiB
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)MiB:0.00} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");

    /// <summary><paramref name="count"/> clerks, made one by one so that the time limit applies to making them too.</summary>
    private static ClusterClerk[] MakeClerks(KvCluster cluster, int count, KvTimeLimit limit)
    {
        var clerks = new ClusterClerk[count];
        for (int i = 0; i < count; i++)
        {
            if (i % 1024 == 0) limit.Check(i, count, "clerks made, none has run yet");
            clerks[i] = cluster.MakeClerk();
        }
        return clerks;
    }

    private static string TooMuch(HeldMemory.Measurement held, ValueCopy.Cost copy, string when, string bound, long boundBytes)
    {
        string copies = copy.Copies(held.Held).ToString("0.00", CultureInfo.InvariantCulture);
        return $"error: server using too much memory: it holds {Describe(held.Held)} {when}, {copies} copies of the value ({copy}); " +
            $"the bound is {bound} ({Describe(boundBytes)} with 1 % and {Describe(Slack)} of slack). Does the server keep old values, " +
            "or replies that no retry can need any more?";
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

    private static void Report(TextWriter output, HeldMemory.Measurement held, ValueCopy.Cost? copy, int clerks)
    {
        string copies = copy is { } c ? $", {c.Copies(held.Held).ToString("0.00", CultureInfo.InvariantCulture)} copies ({c})" : "";
        string perClerk = clerks > 0 ? $", {PerClient(held.Held, clerks)} per clerk" : "";
        output.WriteLine($"  held: {held.Held.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture)} bytes ({Describe(held.Held)}){copies}{perClerk}; " +
            $"the process heap grew by {Describe(held.ProcessGrowth)} (the runtime's pools and caches included, not charged)");
    }

    private static string PerClient(long bytes, int clerks) => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)clerks:0.00} bytes");
}
