using LabRpc.Raft.Suite;

namespace LabRpc.Tests.Raft;

/// <summary>6.5840's Lab 3C, persistence: crashes and restarts, Figure 8, unreliable agreement and churn.</summary>
public sealed class Raft3CTests
{
    public static IEnumerable<TestCaseData> Cases => RaftSuite.Cases(RaftSuiteTests.PartC);

    [TestCaseSource(nameof(Cases))]
    public void Check(RaftSuiteTest test) => RaftSuite.Judge(test);
}
