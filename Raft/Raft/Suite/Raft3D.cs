using LabRpc.Raft.Tester;

namespace LabRpc.Raft.Suite;

/// <summary>Part 3D, log compaction: the tester's service snapshots every ten commands; followers that fall behind get
/// the snapshot; peers restart from their snapshot and log; the persisted Raft state stays under the size bound.</summary>
internal static class Raft3D
{
    public static string SnapshotBasic(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        SnapCommon(implementation, seed, output, "Test (3D): snapshots basic", disconnect: false, reliable: true, crash: false);

    public static string SnapshotInstall(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        SnapCommon(implementation, seed, output, "Test (3D): install snapshots (disconnect)", disconnect: true, reliable: true, crash: false);

    public static string SnapshotInstallUnreliable(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        SnapCommon(implementation, seed, output, "Test (3D): install snapshots (disconnect+unreliable)", disconnect: true, reliable: false, crash: false);

    public static string SnapshotInstallCrash(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        SnapCommon(implementation, seed, output, "Test (3D): install snapshots (crash)", disconnect: false, reliable: true, crash: true);

    public static string SnapshotInstallUnCrash(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        SnapCommon(implementation, seed, output, "Test (3D): install snapshots (unreliable+crash)", disconnect: false, reliable: false, crash: true);

    public static string SnapshotAllCrash(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: false, snapshot: true, "Test (3D): crash and restart all servers", async t =>
        {
            int servers = t.Servers;
            await t.One(t.RandomCommand(), servers, retry: true);
            for (int iter = 0; iter < 5; iter++)
            {
                int n = RaftTester.SnapshotInterval / 2 + t.Rand(RaftTester.SnapshotInterval);
                for (int i = 0; i < n; i++) await t.One(t.RandomCommand(), servers, retry: true);
                int index1 = await t.One(t.RandomCommand(), servers, retry: true);
                t.CrashAll();
                t.RestartAll();
                int index2 = await t.One(t.RandomCommand(), servers, retry: true);
                if (index2 < index1 + 1) throw new RaftCheckException($"index decreased from {index1} to {index2}");
            }
        });

    public static string SnapshotInit(IRaftImplementation implementation, ulong seed, TextWriter output) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable: false, snapshot: true, "Test (3D): snapshot initialization after crash", async t =>
        {
            int servers = t.Servers;
            await t.One(t.RandomCommand(), servers, retry: true);
            for (int i = 0; i < RaftTester.SnapshotInterval + 1; i++) await t.One(t.RandomCommand(), servers, retry: true);
            t.CrashAll();
            t.RestartAll();
            // One command, so that something is written back to the persister.
            await t.One(t.RandomCommand(), servers, retry: true);
            t.CrashAll();
            t.RestartAll();
            await t.One(t.RandomCommand(), servers, retry: true);
        });

    private static string SnapCommon(IRaftImplementation implementation, ulong seed, TextWriter output, string description, bool disconnect, bool reliable, bool crash) =>
        RaftSuiteTests.Run(implementation, seed, output, 3, reliable, snapshot: true, description, async t =>
        {
            int servers = t.Servers;
            await t.One(t.RandomCommand(), servers, retry: true);
            int leader1 = await t.CheckOneLeader();
            for (int iter = 0; iter < 30; iter++)
            {
                int victim = (leader1 + 1) % servers;
                int sender = leader1;
                if (iter % 3 == 1)
                {
                    sender = (leader1 + 1) % servers;
                    victim = leader1;
                }
                if (disconnect)
                {
                    t.Disconnect(victim);
                    await t.One(t.RandomCommand(), servers - 1, retry: true);
                }
                if (crash)
                {
                    t.Crash(victim);
                    await t.One(t.RandomCommand(), servers - 1, retry: true);
                }

                // Perhaps enough commands for a snapshot.
                int n = RaftTester.SnapshotInterval / 2 + t.Rand(RaftTester.SnapshotInterval);
                for (int i = 0; i < n; i++) t.Start(sender, t.RandomCommand());

                // Let the appliers catch up; in the basic test every follower keeps up, so no InstallSnapshot is needed.
                await t.One(t.RandomCommand(), disconnect || crash ? servers - 1 : servers, retry: true);

                long size = t.LogSize();
                if (size >= RaftTester.MaxLogSize)
                    throw new RaftCheckException($"Log size too large: a peer persists {size} bytes of Raft state (at most {RaftTester.MaxLogSize}); does Snapshot discard the log?");
                if (disconnect)
                {
                    // The reconnected follower may be behind, and need a snapshot to catch up.
                    t.Connect(victim);
                    await t.One(t.RandomCommand(), servers, retry: true);
                    leader1 = await t.CheckOneLeader();
                }
                if (crash)
                {
                    t.Restart(victim);
                    await t.One(t.RandomCommand(), servers, retry: true);
                    leader1 = await t.CheckOneLeader();
                }
            }
        });
}
