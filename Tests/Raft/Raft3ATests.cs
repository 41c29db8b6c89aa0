using LabRpc.Raft.Suite;

namespace LabRpc.Tests.Raft;

/// <summary>6.5840's Lab 3A, leader election.</summary>
public sealed class Raft3ATests
{
    public static IEnumerable<TestCaseData> Cases => RaftSuite.Cases(RaftSuiteTests.PartA);

    [TestCaseSource(nameof(Cases))]
    public void Check(RaftSuiteTest test) => RaftSuite.Judge(test);
}
