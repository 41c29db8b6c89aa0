using LabRpc.Raft.Tester;

namespace LabRpc.Raft.Suite;

/// <summary>Part 3B, the log: 6.5840's agreement, failure, rejoin, backup and RPC count tests.</summary>
internal static class Raft3B
{
    public static string BasicAgree(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): basic agreement", async t =>
        {
            for (int index = 1; index < 4; index++)
            {
                if (t.NCommitted(index).Count > 0) throw new RaftCheckException("some have committed before Start()");
                int got = await t.One(index * 100, t.Servers, retry: false);
                if (got != index) throw new RaftCheckException($"got index {got} but expected {index}");
            }
        });

    public static string RpcBytes(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): RPC byte count", async t =>
        {
            await t.One(99, t.Servers, retry: false);
            long bytes0 = t.BytesTotal;
            long sent = 0;
            for (int index = 2; index < 12; index++)
            {
                string command = t.RandomString(5000);
                int got = await t.One(command, t.Servers, retry: false);
                if (got != index) throw new RaftCheckException($"got index {got} but expected {index}");
                sent += command.Length;
            }
            long bytes = t.BytesTotal - bytes0;
            long expected = t.Servers * sent;
            if (bytes > expected + 50000)
                throw new RaftCheckException($"too many RPC bytes; got {bytes}, expected {expected} (each command should go to each peer once)");
        });

    public static string FollowerFailure(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): test progressive failure of followers", async t =>
        {
            int servers = t.Servers;
            await t.One(101, servers, retry: false);
            int leader1 = await t.CheckOneLeader();
            t.Disconnect((leader1 + 1) % servers);
            await t.One(102, servers - 1, retry: false);
            await t.Sleep(RaftTester.ElectionTimeout);
            await t.One(103, servers - 1, retry: false);

            int leader2 = await t.CheckOneLeader();
            t.Disconnect((leader2 + 1) % servers);
            t.Disconnect((leader2 + 2) % servers);
            var start = t.Start(leader2, 104);
            if (!start.IsLeader) throw new RaftCheckException("leader rejected Start()");
            if (start.Index != 4) throw new RaftCheckException($"expected index 4, got {start.Index}");
            await t.Sleep(2 * RaftTester.ElectionTimeout);
            t.CheckNoAgreement(start.Index);
        });

    public static string LeaderFailure(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): test failure of leaders", async t =>
        {
            int servers = t.Servers;
            await t.One(101, servers, retry: false);
            int leader1 = await t.CheckOneLeader();
            t.Disconnect(leader1);
            await t.One(102, servers - 1, retry: false);
            await t.Sleep(RaftTester.ElectionTimeout);
            await t.One(103, servers - 1, retry: false);

            int leader2 = await t.CheckOneLeader();
            t.Disconnect(leader2);
            for (int i = 0; i < servers; i++) t.Start(i, 104);
            await t.Sleep(2 * RaftTester.ElectionTimeout);
            t.CheckNoAgreement(4);
        });

    public static string FailAgree(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): agreement after follower reconnects", async t =>
        {
            int servers = t.Servers;
            await t.One(101, servers, retry: false);
            int leader = await t.CheckOneLeader();
            t.Disconnect((leader + 1) % servers);
            await t.One(102, servers - 1, retry: false);
            await t.One(103, servers - 1, retry: false);
            await t.Sleep(RaftTester.ElectionTimeout);
            await t.One(104, servers - 1, retry: false);
            await t.One(105, servers - 1, retry: false);

            t.Connect((leader + 1) % servers);
            await t.One(106, servers, retry: true);
            await t.Sleep(RaftTester.ElectionTimeout);
            await t.One(107, servers, retry: true);
        });

    public static string FailNoAgree(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 5, reliable: true, snapshot: false, "Test (3B): no agreement if too many followers disconnect", async t =>
        {
            int servers = t.Servers;
            await t.One(10, servers, retry: false);
            int leader = await t.CheckOneLeader();
            for (int k = 1; k <= 3; k++) t.Disconnect((leader + k) % servers);
            var start = t.Start(leader, 20);
            if (!start.IsLeader) throw new RaftCheckException("leader rejected Start()");
            if (start.Index != 2) throw new RaftCheckException($"expected index 2, got {start.Index}");
            await t.Sleep(2 * RaftTester.ElectionTimeout);
            int count = t.NCommitted(start.Index).Count;
            if (count > 0) throw new RaftCheckException($"{count} committed but no majority");

            for (int k = 1; k <= 3; k++) t.Connect((leader + k) % servers);
            // The disconnected majority may have chosen a leader among themselves, forgetting index 2.
            int leader2 = await t.CheckOneLeader();
            var start2 = t.Start(leader2, 30);
            if (!start2.IsLeader) throw new RaftCheckException("leader2 rejected Start()");
            if (start2.Index is < 2 or > 3) throw new RaftCheckException($"unexpected index {start2.Index}");
            await t.One(1000, servers, retry: true);
        });

    public static string ConcurrentStarts(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): concurrent Start()s", async t =>
        {
            for (int attempt = 0; attempt < 5; attempt++)
            {
                if (attempt > 0) await t.Sleep(3000);
                int leader = await t.CheckOneLeader();
                var first = t.Start(leader, 1);
                if (!first.IsLeader) continue;
                int term = first.Term;

                // Five clients call Start at once (each its own task, in one virtual instant).
                var indexes = new List<int>();
                var clients = Enumerable.Range(0, 5).Select(i => t.Simulation.Spawn(async () =>
                {
                    await Task.Yield();
                    var result = t.Start(leader, 100 + i);
                    if (result.Term == term && result.IsLeader) indexes.Add(result.Index);
                })).ToList();
                await Task.WhenAll(clients);

                bool termChanged = Enumerable.Range(0, t.Servers).Any(j => t.GetState(j).Term != term);
                if (termChanged) continue;

                var commands = new List<long>();
                bool failed = false;
                foreach (int index in indexes)
                {
                    object? command = await t.Wait(index, t.Servers, term);
                    if (command is long value)
                    {
                        if (value == -1)
                        {
                            failed = true;
                            break;
                        }
                        commands.Add(value);
                    }
                    else
                    {
                        throw new RaftCheckException($"value {command} is not an int");
                    }
                }
                if (failed) continue;
                for (int i = 0; i < 5; i++)
                    if (!commands.Contains(100 + i)) throw new RaftCheckException($"cmd {100 + i} missing in [{string.Join(' ', commands)}]");
                return;
            }
            throw new RaftCheckException("term changed too often");
        });

    public static string Rejoin(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): rejoin of partitioned leader", async t =>
        {
            int servers = t.Servers;
            await t.One(101, servers, retry: true);
            int leader1 = await t.CheckOneLeader();
            t.Disconnect(leader1);
            // The old leader tries to agree on some entries.
            t.Start(leader1, 102);
            t.Start(leader1, 103);
            t.Start(leader1, 104);
            // The new leader commits, also for index 2.
            await t.One(103, 2, retry: true);

            int leader2 = await t.CheckOneLeader();
            t.Disconnect(leader2);
            t.Connect(leader1);
            await t.One(104, 2, retry: true);

            t.Connect(leader2);
            await t.One(105, servers, retry: true);
        });

    public static string Backup(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 5, reliable: true, snapshot: false, "Test (3B): leader backs up quickly over incorrect follower logs", async t =>
        {
            int servers = t.Servers;
            await t.One(t.RandomCommand(), servers, retry: true);

            // The leader and one follower in a partition, with lots of commands that will not commit.
            int leader1 = await t.CheckOneLeader();
            for (int k = 2; k <= 4; k++) t.Disconnect((leader1 + k) % servers);
            for (int i = 0; i < 50; i++) t.Start(leader1, t.RandomCommand());
            await t.Sleep(RaftTester.ElectionTimeout / 2);
            t.Disconnect(leader1);
            t.Disconnect((leader1 + 1) % servers);

            // The other partition recovers and commits lots of commands.
            for (int k = 2; k <= 4; k++) t.Connect((leader1 + k) % servers);
            for (int i = 0; i < 50; i++) await t.One(t.RandomCommand(), 3, retry: true);

            // Another partitioned leader and one follower, with lots more commands that will not commit.
            int leader2 = await t.CheckOneLeader();
            int other = (leader1 + 2) % servers;
            if (leader2 == other) other = (leader2 + 1) % servers;
            t.Disconnect(other);
            for (int i = 0; i < 50; i++) t.Start(leader2, t.RandomCommand());
            await t.Sleep(RaftTester.ElectionTimeout / 2);

            // The original leader comes back to life.
            for (int i = 0; i < servers; i++) t.Disconnect(i);
            t.Connect(leader1);
            t.Connect((leader1 + 1) % servers);
            t.Connect(other);
            for (int i = 0; i < 50; i++) await t.One(t.RandomCommand(), 3, retry: true);

            for (int i = 0; i < servers; i++) t.Connect(i);
            await t.One(t.RandomCommand(), servers, retry: true);
        });

    public static string Count(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3B): RPC counts aren't too high", async t =>
        {
            int servers = t.Servers;
            await t.CheckOneLeader();
            int total1 = t.RpcTotal();
            if (total1 is > 30 or < 1) throw new RaftCheckException($"too many or few RPCs ({total1}) to elect initial leader");

            int total2 = 0;
            bool success = false;
            for (int attempt = 0; attempt < 5 && !success; attempt++)
            {
                if (attempt > 0) await t.Sleep(3000);
                int leader = await t.CheckOneLeader();
                total1 = t.RpcTotal();
                const int Iters = 10;
                var first = t.Start(leader, 1);
                if (!first.IsLeader) continue;
                int term = first.Term;
                var commands = new List<int>();
                bool retry = false;
                for (int i = 1; i < Iters + 2; i++)
                {
                    int x = t.RandomCommand();
                    commands.Add(x);
                    var result = t.Start(leader, x);
                    if (result.Term != term || !result.IsLeader)
                    {
                        retry = true;
                        break;
                    }
                    if (first.Index + i != result.Index)
                        throw new RaftCheckException($"Start() failed: the command should be at index {first.Index + i}, but the leader put it at {result.Index}");
                }
                if (retry) continue;
                for (int i = 1; i < Iters + 1; i++)
                {
                    object? command = await t.Wait(first.Index + i, servers, term);
                    if (command is -1L)
                    {
                        retry = true;
                        break;
                    }
                    if (!Equals(command, (long)commands[i - 1]))
                        throw new RaftCheckException($"wrong value {command} committed for index {first.Index + i}; expected {commands[i - 1]}");
                }
                if (retry) continue;
                total2 = t.RpcTotal();
                if (Enumerable.Range(0, servers).Any(j => t.GetState(j).Term != term)) continue;
                if (total2 - total1 > (Iters + 1 + 3) * 3)
                    throw new RaftCheckException($"too many RPCs ({total2 - total1}) for {Iters} entries");
                success = true;
            }
            if (!success) throw new RaftCheckException("term changed too often");

            await t.Sleep(RaftTester.ElectionTimeout);
            int total3 = t.RpcTotal();
            if (total3 - total2 > 3 * 20) throw new RaftCheckException($"too many RPCs ({total3 - total2}) for 1 second of idleness");
        });
}
