using System.Globalization;
using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// The checks of 6.824's kvsrv suite (2024) in virtual time: each builds a cluster for an implementation and a seed,
/// runs the workload, throws <see cref="KvCheckFailedException"/> on the first violation, and returns the
/// <c>... Passed</c> line. <see cref="KvSuiteTests"/> lists them for the test suite and the grader.
/// </summary>
public static class KvChecks
{
    /// <summary>Rounds of the generic test, each this long in virtual time (6.824's NITER and TIME).</summary>
    public const int Rounds = 3;

    /// <summary>How long each round of the generic test lets clients run.</summary>
    public static readonly TimeSpan RoundTime = TimeSpan.FromSeconds(1);

    /// <summary>
    /// 6.824's GenericTest: <paramref name="clients"/> clients, each on a key of its own, append and get at random for
    /// three rounds of one virtual second. Each append's old value must hold the client's previous element and not the
    /// new one; each get must return what the client appended so far; after each round every element is in the key's
    /// value exactly once and in order; and the whole history must be linearizable.
    /// </summary>
    public static string Generic(IKvImplementation implementation, ulong seed, TextWriter output, int clients, bool unreliable)
    {
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Unreliable = unreliable, RecordHistory = true, Output = output });
        var sim = cluster.Simulation;
        string description = (unreliable ? "unreliable net, " : "") + (clients > 1 ? "many clients" : "one client");
        var limit = KvTimeLimit.Start(description);
        cluster.Begin(description);
        var checker = cluster.MakeClerk();
        int round = 0;
        void CheckTime() => limit.Check(() => Progress(cluster, round));
        sim.Run(async () =>
        {
            for (round = 0; round < Rounds; round++)
            {
                bool done = false;
                var counts = new int[clients];
                var tasks = new Task[clients];
                for (int c = 0; c < clients; c++)
                {
                    int client = c;
                    tasks[c] = sim.Spawn(() => RunClient(cluster, client, () => done, n => counts[client] = n, CheckTime), $"client {client}");
                }
                await sim.Delay(RoundTime);
                done = true;
                for (int c = 0; c < clients; c++)
                {
                    await tasks[c];
                    string value = await checker.GetAsync(Key(c));
                    CheckClientAppends(c, value, counts[c]);
                }
            }
        });
        cluster.CheckLinearizable();
        return cluster.End();
    }

    /// <summary>
    /// 6.824's TestUnreliableOneKey: on an unreliable network five clients append ten elements each to one key. No
    /// append's old value may hold its own element, and at the end every element is there exactly once, each client's
    /// in order. The history (with every old value) must be linearizable.
    /// </summary>
    public static string UnreliableOneKey(IKvImplementation implementation, ulong seed, TextWriter output)
    {
        const int clients = 5, upto = 10;
        using var cluster = new KvCluster(implementation, seed, new KvClusterOptions { Unreliable = true, RecordHistory = true, Output = output });
        var sim = cluster.Simulation;
        var ck = cluster.MakeClerk();
        var limit = KvTimeLimit.Start("concurrent append to same key, unreliable");
        int appended = 0;
        cluster.Begin("concurrent append to same key, unreliable");
        sim.Run(async () =>
        {
            await ck.PutAsync("k", "");
            var tasks = new Task[clients];
            for (int c = 0; c < clients; c++)
            {
                int me = c;
                tasks[c] = sim.Spawn(async () =>
                {
                    var myck = cluster.MakeClerk();
                    for (int n = 0; n < upto; n++)
                    {
                        limit.Check(appended, clients * upto, "appends done");
                        string nv = KvText.Element(me, n);
                        string ov = await myck.AppendAsync("k", nv);
                        if (ov.Contains(nv, StringComparison.Ordinal)) Fail($"error: nv {nv} in returned values\n{KvText.Short(ov)}");
                        appended++;
                    }
                    cluster.DeleteClerk(myck);
                }, $"client {me}");
            }
            await Task.WhenAll(tasks);
            string vx = await ck.GetAsync("k");
            CheckConcurrentAppends(vx, Enumerable.Repeat(upto, clients).ToArray());
        });
        cluster.CheckLinearizable();
        return cluster.End();
    }

    /// <summary>The key client <paramref name="client"/> appends to.</summary>
    public static string Key(int client) => client.ToString(CultureInfo.InvariantCulture);

    /// <summary>6.824's checkClntAppends: the first <paramref name="count"/> elements of <paramref name="client"/> are in
    /// <paramref name="value"/>, each once, in order.</summary>
    public static void CheckClientAppends(int client, string value, int count)
    {
        int lastOffset = -1;
        for (int j = 0; j < count; j++)
        {
            string wanted = KvText.Element(client, j);
            int offset = value.IndexOf(wanted, StringComparison.Ordinal);
            if (offset < 0) Fail($"{client} missing element {wanted} in Append result {KvText.Short(value)}");
            if (value.LastIndexOf(wanted, StringComparison.Ordinal) != offset) Fail($"duplicate element {wanted} in Append result {KvText.Short(value)}");
            if (offset <= lastOffset) Fail($"wrong order for element {wanted} in Append result {KvText.Short(value)}");
            lastOffset = offset;
        }
    }

    /// <summary>6.824's checkConcurrentAppends: each client's elements are in <paramref name="value"/>, each once, in order.</summary>
    public static void CheckConcurrentAppends(string value, int[] counts)
    {
        for (int i = 0; i < counts.Length; i++) CheckClientAppends(i, value, counts[i]);
    }

    /// <summary>Fails the check.</summary>
    public static void Fail(string message) => throw new KvCheckFailedException(message);

    /// <summary>
    /// Sleeps 0–2 ms of virtual time between operations. On a reliable network a call takes no virtual time, so without
    /// it a round of one virtual second would never end; with it one client does about a thousand operations a second.
    /// </summary>
    public static Task ThinkTime(Simulation sim) => sim.Delay(TimeSpan.FromMilliseconds(sim.Random.Next(3)));

    /// <summary>How far a workload of rounds got: for the time limit's message.</summary>
    public static string Progress(KvCluster cluster, int round) => string.Create(CultureInfo.InvariantCulture,
        $"round {Math.Min(round + 1, Rounds)} of {Rounds} ({RoundTime.TotalSeconds:0.#} s of virtual time each), {cluster.Ops:N0} operations done, {Virtual(cluster)} virtual");

    private static string Virtual(KvCluster cluster) => string.Create(CultureInfo.InvariantCulture, $"{cluster.Simulation.Elapsed.TotalSeconds:0.000} s");

    private static async Task RunClient(KvCluster cluster, int client, Func<bool> done, Action<int> report, Action checkTime)
    {
        var sim = cluster.Simulation;
        var ck = cluster.MakeClerk();
        string key = Key(client);
        string last = "";
        int j = 0;
        await ck.PutAsync(key, last);
        while (!done())
        {
            checkTime();
            string nv = KvText.Element(client, j);
            if (sim.Random.Next(1000) < 500)
            {
                string l = await ck.AppendAsync(key, nv);
                if (j > 0)
                {
                    string o = KvText.Element(client, j - 1);
                    if (!l.Contains(o, StringComparison.Ordinal)) Fail($"error: old {o} not in return\n{KvText.Short(l)}");
                }
                if (l.Contains(nv, StringComparison.Ordinal)) Fail($"error: new value {nv} in returned values\n{KvText.Short(l)}");
                last += nv;
                j++;
                report(j);
            }
            else
            {
                string v = await ck.GetAsync(key);
                if (v != last) Fail($"get wrong value, key {key}, wanted:\n{KvText.Short(last)}\n, got\n{KvText.Short(v)}");
            }
            await ThinkTime(sim);
        }
        cluster.DeleteClerk(ck);
    }
}
