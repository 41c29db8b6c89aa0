using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// Crash checks, which 6.824's kvsrv suite does not have: the server's node is killed and a new server started from its
/// persister, at an exact stage of a request (<see cref="CallStage.Arrived"/>: before the handler runs;
/// <see cref="CallStage.Executed"/>: after it ran, before the reply left; <see cref="CallStage.ReplySent"/>: with the
/// reply on its way) or at random virtual times. No acknowledged write may be lost and no append applied twice: every
/// append's element is unique, the values and every returned old value are checked, and so is the whole history.
/// </summary>
public static class KvCrashChecks
{
    /// <summary>How long a crashed server stays down at most.</summary>
    public static readonly TimeSpan MaxDowntime = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// One clerk runs a fixed script of puts, appends and gets on two keys. With <paramref name="everyOperation"/> the
    /// server crashes at <paramref name="stage"/> of the first request of every operation; otherwise only during the
    /// first append. Each result must be exactly what a crash-free run gives.
    /// </summary>
    public static string Scripted(IKvImplementation implementation, ulong seed, TextWriter output, CallStage stage, bool everyOperation, bool unreliable)
    {
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Unreliable = unreliable, RecordHistory = true, Output = output });
        var sim = cluster.Simulation;
        var ck = cluster.MakeClerk();
        bool armed = false;
        cluster.Network.OnCallEvent = e =>
        {
            if (!armed || e.Stage != stage || e.Server != KvCluster.ServerName || e.Duplicate) return;
            armed = false;
            cluster.CrashServerFor(Downtime(sim));
        };
        string description = $"crash at {stage} {(everyOperation ? "in every operation" : "once")}{(unreliable ? ", unreliable" : "")}";
        var limit = KvTimeLimit.Start(description);
        int step = 0;
        cluster.Begin(description);
        sim.Run(async () =>
        {
            async Task Expect(Func<Task<string>> op, string what, string expected, bool crash)
            {
                limit.Check(step++, 9, $"operations of the script (next: {what}; {cluster.Crashes} crashes so far)");
                armed = crash;
                string got = await op();
                armed = false;
                if (got != expected) KvChecks.Fail($"{what} returned {KvText.Short(got)}, expected {KvText.Short(expected)} (server crashed {cluster.Crashes} times so far)");
            }
            async Task<string> Done(Func<Task> op)
            {
                await op();
                return "";
            }
            bool all = everyOperation;
            await Expect(() => Done(() => ck.PutAsync("k", "a")), "Put(k, a)", "", all);
            await Expect(() => ck.AppendAsync("k", "b"), "Append(k, b)", "a", true);
            await Expect(() => ck.GetAsync("k"), "Get(k)", "ab", all);
            await Expect(() => ck.AppendAsync("k2", "x"), "Append(k2, x)", "", all);
            await Expect(() => Done(() => ck.PutAsync("k", "c")), "Put(k, c)", "", all);
            await Expect(() => ck.AppendAsync("k", "d"), "Append(k, d)", "c", all);
            await Expect(() => ck.AppendAsync("k2", "y"), "Append(k2, y)", "x", all);
            await Expect(() => ck.GetAsync("k"), "Get(k)", "cd", all);
            await Expect(() => ck.GetAsync("k2"), "Get(k2)", "xy", all);
        });
        int expectedCrashes = everyOperation ? 9 : 1;
        if (cluster.Crashes != expectedCrashes)
            KvChecks.Fail($"the server crashed {cluster.Crashes} times, expected {expectedCrashes}: the test did not do what it says");
        cluster.CheckLinearizable();
        return cluster.End();
    }

    /// <summary>
    /// Five clients append unique elements to keys of their own and read them back (as in the generic test) for three
    /// rounds of one virtual second, while the server crashes: with probability <paramref name="crashChance"/> at
    /// <paramref name="stage"/> of each request, if a stage is given, and at random times (every 50–300 ms) if
    /// <paramref name="randomTimes"/>. Each crash lasts up to 100 ms.
    /// </summary>
    public static string Workload(IKvImplementation implementation, ulong seed, TextWriter output, bool unreliable, CallStage? stage, double crashChance, bool randomTimes)
    {
        const int clients = 5;
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Unreliable = unreliable, RecordHistory = true, Output = output });
        var sim = cluster.Simulation;
        if (stage is { } crashStage)
        {
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == crashStage && e.Server == KvCluster.ServerName && !e.Duplicate && sim.Random.Chance(crashChance))
                    cluster.CrashServerFor(Downtime(sim));
            };
        }
        string when = string.Join(" and ", new[] { stage is null ? null : $"at {stage}", randomTimes ? "at random times" : null }.OfType<string>());
        string description = $"crashes {when}, many clients{(unreliable ? ", unreliable" : "")}";
        var limit = KvTimeLimit.Start(description);
        int round = 0;
        void CheckTime() => limit.Check(() => $"{KvChecks.Progress(cluster, round)}, {cluster.Crashes} crashes");
        cluster.Begin(description);
        var checker = cluster.MakeClerk();
        bool finished = false;
        sim.Run(async () =>
        {
            if (randomTimes)
            {
                sim.Go(async () =>
                {
                    while (!finished)
                    {
                        await sim.Delay(TimeSpan.FromMilliseconds(sim.Random.Next(50, 300)));
                        if (!finished) cluster.CrashServerFor(Downtime(sim));
                    }
                }, "crasher");
            }
            for (round = 0; round < KvChecks.Rounds; round++)
            {
                bool done = false;
                var counts = new int[clients];
                var tasks = new Task[clients];
                for (int c = 0; c < clients; c++)
                {
                    int client = c;
                    tasks[c] = sim.Spawn(() => AppendAndRead(cluster, client, () => done, n => counts[client] = n, CheckTime), $"client {client}");
                }
                await sim.Delay(KvChecks.RoundTime);
                done = true;
                for (int c = 0; c < clients; c++)
                {
                    await tasks[c];
                    string value = await checker.GetAsync(KvChecks.Key(c));
                    KvChecks.CheckClientAppends(c, value, counts[c]);
                    if (value.Length != ExpectedLength(c, counts[c]))
                        KvChecks.Fail($"key {c} holds {value.Length} characters, but its {counts[c]} elements make {ExpectedLength(c, counts[c])}: {KvText.Short(value)}");
                }
            }
            finished = true;
        });
        if (cluster.Crashes == 0) KvChecks.Fail("the server never crashed: the test did not do what it says");
        cluster.CheckLinearizable();
        return cluster.End();
    }

    private static TimeSpan Downtime(Simulation sim) => TimeSpan.FromMilliseconds(sim.Random.Next((int)MaxDowntime.TotalMilliseconds + 1));

    private static int ExpectedLength(int client, int count) =>
        Enumerable.Range(0, count).Sum(j => KvText.Element(client, j).Length);

    /// <summary>A client of the workload: each append's old value must be exactly what the client appended before it,
    /// and each get must return exactly that too.</summary>
    private static async Task AppendAndRead(KvCluster cluster, int client, Func<bool> done, Action<int> report, Action checkTime)
    {
        var sim = cluster.Simulation;
        var ck = cluster.MakeClerk();
        string key = KvChecks.Key(client);
        string last = "";
        int j = 0;
        await ck.PutAsync(key, "");
        while (!done())
        {
            checkTime();
            if (sim.Random.Next(1000) < 500)
            {
                string nv = KvText.Element(client, j);
                string old = await ck.AppendAsync(key, nv);
                if (old != last) KvChecks.Fail($"Append({key}, {nv}) returned {KvText.Short(old)}, expected {KvText.Short(last)} (server crashed {cluster.Crashes} times so far)");
                last += nv;
                report(++j);
            }
            else
            {
                string v = await ck.GetAsync(key);
                if (v != last) KvChecks.Fail($"get wrong value, key {key}, wanted:\n{KvText.Short(last)}\n, got\n{KvText.Short(v)} (server crashed {cluster.Crashes} times so far)");
            }
            await KvChecks.ThinkTime(sim);
        }
        cluster.DeleteClerk(ck);
    }
}
