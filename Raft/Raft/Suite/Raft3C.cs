using LabRpc.Raft.Tester;

namespace LabRpc.Raft.Suite;

/// <summary>Part 3C, persistence: 6.5840's crash and restart tests, Figure 8 (reliable and not), unreliable agreement and
/// churn.</summary>
internal static class Raft3C
{
    public static string Persist1(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3C): basic persistence", async t =>
        {
            int servers = t.Servers;
            await t.One(11, servers, retry: true);
            t.CrashAll();
            t.RestartAll();
            await t.One(12, servers, retry: true);

            int leader1 = await t.CheckOneLeader();
            t.Crash(leader1);
            t.Restart(leader1);
            await t.One(13, servers, retry: true);

            int leader2 = await t.CheckOneLeader();
            t.Crash(leader2);
            await t.One(14, servers - 1, retry: true);
            t.Restart(leader2);
            await t.Wait(4, servers, -1); // wait for leader2 to join before crashing i3

            int i3 = (await t.CheckOneLeader() + 1) % servers;
            t.Crash(i3);
            await t.One(15, servers - 1, retry: true);
            t.Restart(i3);
            await t.One(16, servers, retry: true);
        });

    public static string Persist2(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 5, reliable: true, snapshot: false, "Test (3C): more persistence", async t =>
        {
            int servers = t.Servers;
            int index = 1;
            for (int iter = 0; iter < 5; iter++)
            {
                await t.One(10 + index, servers, retry: true);
                index++;
                int leader1 = await t.CheckOneLeader();
                t.Crash((leader1 + 1) % servers);
                t.Crash((leader1 + 2) % servers);
                await t.One(10 + index, servers - 2, retry: true);
                index++;

                t.Crash(leader1 % servers);
                t.Crash((leader1 + 3) % servers);
                t.Crash((leader1 + 4) % servers);
                t.Restart((leader1 + 1) % servers);
                t.Restart((leader1 + 2) % servers);
                await t.Sleep(RaftTester.ElectionTimeout);
                t.Restart((leader1 + 3) % servers);
                await t.One(10 + index, servers - 2, retry: true);
                index++;
                t.Restart((leader1 + 4) % servers);
                t.Restart(leader1 % servers);
            }
            await t.One(1000, servers, retry: true);
        });

    public static string Persist3(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3C): partitioned leader and one follower crash, leader restarts", async t =>
        {
            int servers = t.Servers;
            await t.One(101, 3, retry: true);
            int leader = await t.CheckOneLeader();
            t.Disconnect((leader + 2) % servers);
            await t.One(102, 2, retry: true);

            t.Crash(leader % servers);
            t.Crash((leader + 1) % servers);
            t.Connect((leader + 2) % servers);
            t.Restart(leader % servers);
            await t.One(103, 2, retry: true);

            t.Restart((leader + 1) % servers);
            await t.One(104, servers, retry: true);
        });

    /// <summary>Figure 8 of the extended paper: leaders are crashed soon after they are handed a command, mostly before it
    /// commits; a new leader may try to finish replicating entries of earlier terms.</summary>
    public static string Figure8(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 5, reliable: true, snapshot: false, "Test (3C): Figure 8", async t =>
        {
            int servers = t.Servers;
            await t.One(t.RandomCommand(), 1, retry: true);
            int up = servers;
            for (int iter = 0; iter < 1000; iter++)
            {
                int leader = -1;
                for (int i = 0; i < servers; i++)
                {
                    if (!t.IsAlive(i)) continue;
                    if (t.Start(i, t.RandomCommand()).IsLeader) leader = i;
                }
                await t.Sleep(t.Rand(1000) < 100 ? t.Rand((int)RaftTester.ElectionTimeout.TotalMilliseconds / 2) : t.Rand(13));
                if (leader != -1)
                {
                    t.Crash(leader);
                    up--;
                }
                if (up < 3)
                {
                    int s = t.Rand(servers);
                    if (!t.IsAlive(s))
                    {
                        t.Restart(s);
                        up++;
                    }
                }
            }
            for (int i = 0; i < servers; i++)
                if (!t.IsAlive(i)) t.Restart(i);
            await t.One(t.RandomCommand(), servers, retry: true);
        });

    public static string UnreliableAgree(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 5, reliable: false, snapshot: false, "Test (3C): unreliable agreement", async t =>
        {
            var clients = new List<Task>();
            for (int iter = 1; iter < 50; iter++)
            {
                for (int j = 0; j < 4; j++)
                {
                    int command = 100 * iter + j;
                    clients.Add(t.Simulation.Spawn(async () => await t.One(command, 1, retry: true)));
                }
                await t.One(iter, 1, retry: true);
            }
            t.SetReliable(true);
            await Task.WhenAll(clients);
            await t.One(100, t.Servers, retry: true);
        });

    public static string Figure8Unreliable(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 5, reliable: false, snapshot: false, "Test (3C): Figure 8 (unreliable)", async t =>
        {
            int servers = t.Servers;
            await t.One(t.Rand(10000), 1, retry: true);
            int up = servers;
            for (int iter = 0; iter < 1000; iter++)
            {
                if (iter == 200) t.SetLongReordering(true);
                int leader = -1;
                for (int i = 0; i < servers; i++)
                {
                    if (t.Start(i, t.Rand(10000)).IsLeader && t.IsConnected(i)) leader = i;
                }
                await t.Sleep(t.Rand(1000) < 100 ? t.Rand((int)RaftTester.ElectionTimeout.TotalMilliseconds / 2) : t.Rand(13));
                if (leader != -1 && t.Rand(1000) < (int)RaftTester.ElectionTimeout.TotalMilliseconds / 2)
                {
                    t.Disconnect(leader);
                    up--;
                }
                if (up < 3)
                {
                    int s = t.Rand(servers);
                    if (!t.IsConnected(s))
                    {
                        t.Connect(s);
                        up++;
                    }
                }
            }
            for (int i = 0; i < servers; i++)
                if (!t.IsConnected(i)) t.Connect(i);
            await t.One(t.Rand(10000), servers, retry: true);
        });

    public static string ReliableChurn(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        Churn(implementation, seed, output, reliable: true);

    public static string UnreliableChurn(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        Churn(implementation, seed, output, reliable: false);

    /// <summary>Three clients submit commands throughout while peers are disconnected, crashed and restarted; every
    /// command a client saw committed must still be in the log at the end.</summary>
    private static string Churn(IRaftImplementation implementation, ulong seed, TextWriter output, bool reliable) =>
        RaftSuiteTests.Run(implementation, seed, output, 5, reliable, snapshot: false, reliable ? "Test (3C): churn" : "Test (3C): unreliable churn", async t =>
        {
            int servers = t.Servers;
            bool stop = false;
            var seen = new List<long>[3];
            var clients = Enumerable.Range(0, 3).Select(me => t.Simulation.Spawn(async () =>
            {
                var values = seen[me] = [];
                while (!stop)
                {
                    int x = t.RandomCommand();
                    int index = -1;
                    for (int i = 0; i < servers; i++)
                    {
                        var result = t.Start(i, x);
                        if (result.IsLeader) index = result.Index;
                    }
                    if (index != -1)
                    {
                        // The leader may commit the value or not; do not wait forever.
                        foreach (int pause in new[] { 10, 20, 50, 100, 200 })
                        {
                            var (count, command) = t.NCommitted(index);
                            if (count > 0)
                            {
                                if (command is not long value) throw new RaftCheckException("wrong command type");
                                if (value == x) values.Add(x);
                                break;
                            }
                            await t.Sleep(pause);
                        }
                    }
                    else
                    {
                        await t.Sleep(79 + me * 17);
                    }
                }
            })).ToList();

            for (int iter = 0; iter < 20; iter++)
            {
                if (t.Rand(1000) < 200) t.Disconnect(t.Rand(servers));
                if (t.Rand(1000) < 500)
                {
                    int i = t.Rand(servers);
                    if (!t.IsAlive(i)) t.StartServer(i);
                    t.Connect(i);
                }
                if (t.Rand(1000) < 200)
                {
                    int i = t.Rand(servers);
                    if (t.IsAlive(i)) t.Crash(i);
                }
                // Often enough that the peers have not settled, rarely enough that they often keep up.
                await t.Sleep(RaftTester.ElectionTimeout * 7 / 10);
            }

            await t.Sleep(RaftTester.ElectionTimeout);
            t.SetReliable(true);
            for (int i = 0; i < servers; i++)
            {
                if (!t.IsAlive(i)) t.StartServer(i);
                t.Connect(i);
            }
            stop = true;
            var values = new List<long>();
            await Task.WhenAll(clients);
            foreach (var list in seen) values.AddRange(list);

            await t.Sleep(RaftTester.ElectionTimeout);
            int lastIndex = await t.One(t.RandomCommand(), servers, retry: true);
            var really = new HashSet<long>();
            for (int index = 1; index <= lastIndex; index++)
            {
                object? v = await t.Wait(index, servers, -1);
                if (v is not long value) throw new RaftCheckException($"committed value {v} is not an integer");
                really.Add(value);
            }
            foreach (long v in values)
                if (!really.Contains(v)) throw new RaftCheckException($"didn't find a value: {v} was committed for a client but is not in the final log");
        });
}
