using LabRpc.Raft.Tester;

namespace LabRpc.Raft.Suite;

/// <summary>
/// The Raft suite, under 6.5840's names and in its order: 3A (election), 3B (log), 3C (persistence), 3D (log
/// compaction), each test with a fixed seed. The NUnit suite (<c>Tests/Raft</c>) runs this list; a grader can run the
/// same, by name, for any implementation and seed.
/// </summary>
public static class RaftSuiteTests
{
    /// <summary>Part 3A: leader election.</summary>
    public const string PartA = "3A";

    /// <summary>Part 3B: log replication.</summary>
    public const string PartB = "3B";

    /// <summary>Part 3C: persistence.</summary>
    public const string PartC = "3C";

    /// <summary>Part 3D: log compaction.</summary>
    public const string PartD = "3D";

    /// <summary>Every test, part by part.</summary>
    public static IReadOnlyList<RaftSuiteTest> All { get; } = [.. Build()];

    /// <summary>The parts, in order.</summary>
    public static IReadOnlyList<string> Groups { get; } = [PartA, PartB, PartC, PartD];

    /// <summary>The tests of <paramref name="group"/>.</summary>
    public static IEnumerable<RaftSuiteTest> InGroup(string group) => All.Where(t => t.Group == group);

    /// <summary>The test named <paramref name="name"/> (<c>InitialElection</c> or <c>3A/InitialElection</c>), or null.</summary>
    public static RaftSuiteTest? Find(string name) =>
        All.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase) || string.Equals(t.Id, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Runs <paramref name="body"/> as a test on a fresh tester of <paramref name="servers"/> peers and returns its
    /// passed line.</summary>
    internal static string Run(IRaftImplementation implementation, ulong seed, TextWriter output, int servers, bool reliable, bool snapshot,
        string description, Func<RaftTester, Task> body)
    {
        using var tester = new RaftTester(implementation, servers, reliable, snapshot, seed, output);
        string passed = "";
        tester.Run(async t =>
        {
            t.Begin(description);
            await body(t);
            passed = t.Passed();
        });
        return passed;
    }

    private static IEnumerable<RaftSuiteTest> Build()
    {
        yield return new(PartA, "InitialElection", 301, Raft3A.InitialElection);
        yield return new(PartA, "ReElection", 302, Raft3A.ReElection);
        yield return new(PartA, "ManyElections", 303, Raft3A.ManyElections);

        yield return new(PartB, "BasicAgree", 311, Raft3B.BasicAgree);
        yield return new(PartB, "RPCBytes", 312, Raft3B.RpcBytes);
        yield return new(PartB, "FollowerFailure", 313, Raft3B.FollowerFailure);
        yield return new(PartB, "LeaderFailure", 314, Raft3B.LeaderFailure);
        yield return new(PartB, "FailAgree", 315, Raft3B.FailAgree);
        yield return new(PartB, "FailNoAgree", 316, Raft3B.FailNoAgree);
        yield return new(PartB, "ConcurrentStarts", 317, Raft3B.ConcurrentStarts);
        yield return new(PartB, "Rejoin", 318, Raft3B.Rejoin);
        yield return new(PartB, "Backup", 319, Raft3B.Backup);
        yield return new(PartB, "Count", 320, Raft3B.Count);

        yield return new(PartC, "Persist1", 331, Raft3C.Persist1);
        yield return new(PartC, "Persist2", 332, Raft3C.Persist2);
        yield return new(PartC, "Persist3", 333, Raft3C.Persist3);
        yield return new(PartC, "Figure8", 334, Raft3C.Figure8);
        yield return new(PartC, "UnreliableAgree", 335, Raft3C.UnreliableAgree);
        yield return new(PartC, "Figure8Unreliable", 336, Raft3C.Figure8Unreliable);
        yield return new(PartC, "ReliableChurn", 337, Raft3C.ReliableChurn);
        yield return new(PartC, "UnreliableChurn", 338, Raft3C.UnreliableChurn);

        yield return new(PartD, "SnapshotBasic", 341, Raft3D.SnapshotBasic);
        yield return new(PartD, "SnapshotInstall", 342, Raft3D.SnapshotInstall);
        yield return new(PartD, "SnapshotInstallUnreliable", 343, Raft3D.SnapshotInstallUnreliable);
        yield return new(PartD, "SnapshotInstallCrash", 344, Raft3D.SnapshotInstallCrash);
        yield return new(PartD, "SnapshotInstallUnCrash", 345, Raft3D.SnapshotInstallUnCrash);
        yield return new(PartD, "SnapshotAllCrash", 346, Raft3D.SnapshotAllCrash);
        yield return new(PartD, "SnapshotInit", 347, Raft3D.SnapshotInit);
    }
}
