using LabRpc.Raft.Suite;

namespace LabRpc.Tests.Raft;

/// <summary>6.5840's Lab 3D, log compaction: snapshots, InstallSnapshot, restarts from a snapshot, the log size bound.</summary>
public sealed class Raft3DTests
{
    public static IEnumerable<TestCaseData> Cases => RaftSuite.Cases(RaftSuiteTests.PartD);

    [TestCaseSource(nameof(Cases))]
    public void Check(RaftSuiteTest test) => RaftSuite.Judge(test);
}
