using LabRpc.Raft.Suite;

namespace LabRpc.Tests.Raft;

/// <summary>6.5840's Lab 3B, the log: agreement, failures, rejoin, backup and RPC counts.</summary>
public sealed class Raft3BTests
{
    public static IEnumerable<TestCaseData> Cases => RaftSuite.Cases(RaftSuiteTests.PartB);

    [TestCaseSource(nameof(Cases))]
    public void Check(RaftSuiteTest test) => RaftSuite.Judge(test);
}
