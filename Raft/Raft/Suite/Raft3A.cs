using LabRpc.Raft.Tester;

namespace LabRpc.Raft.Suite;

/// <summary>Part 3A, leader election: 6.5840's TestInitialElection3A, TestReElection3A and TestManyElections3A, with the
/// heartbeat rule (at most ten per second to each follower) checked while idle.</summary>
internal static class Raft3A
{
    public static string InitialElection(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3A): initial election", async t =>
        {
            await t.CheckOneLeader();
            await t.Sleep(50);
            int term1 = t.CheckTerms();
            if (term1 < 1) throw new RaftCheckException($"term is {term1}, but should be at least 1");

            // With no failures, the leader and term stay; heartbeats go out at most ten times a second to each follower.
            int rpcs0 = t.RpcTotal();
            await t.Sleep(2 * RaftTester.ElectionTimeout);
            int rpcs = t.RpcTotal() - rpcs0;
            int term2 = t.CheckTerms();
            int most = (t.Servers - 1) * (10 * 2 + 1);
            if (term1 == term2 && rpcs > most)
                throw new RaftCheckException($"{rpcs} RPCs in 2 s of idleness with {t.Servers - 1} followers; heartbeats may go at most ten times a second to each ({most} in all)");
            await t.CheckOneLeader();
        });

    public static string ReElection(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: true, snapshot: false, "Test (3A): election after network failure", async t =>
        {
            int servers = t.Servers;
            int leader1 = await t.CheckOneLeader();
            t.Disconnect(leader1);
            await t.CheckOneLeader();

            // The old leader rejoins: it must not disturb the new leader.
            t.Connect(leader1);
            int leader2 = await t.CheckOneLeader();

            // No quorum: no leader.
            t.Disconnect(leader2);
            t.Disconnect((leader2 + 1) % servers);
            await t.Sleep(2 * RaftTester.ElectionTimeout);
            t.CheckNoLeader();

            // A quorum arises: a leader.
            t.Connect((leader2 + 1) % servers);
            await t.CheckOneLeader();

            t.Connect(leader2);
            await t.CheckOneLeader();
        });

    public static string ManyElections(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 7, reliable: true, snapshot: false, "Test (3A): multiple elections", async t =>
        {
            int servers = t.Servers;
            await t.CheckOneLeader();
            for (int iter = 1; iter < 10; iter++)
            {
                int i1 = t.Rand(servers), i2 = t.Rand(servers), i3 = t.Rand(servers);
                t.Disconnect(i1);
                t.Disconnect(i2);
                t.Disconnect(i3);
                // Either the current leader is still alive, or the remaining four elect a new one.
                await t.CheckOneLeader();
                t.Connect(i1);
                t.Connect(i2);
                t.Connect(i3);
            }
            await t.CheckOneLeader();
        });
}
