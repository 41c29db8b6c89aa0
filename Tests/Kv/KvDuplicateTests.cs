namespace LabRpc.Tests.Kv;

/// <summary>Duplicated requests sent on purpose (see <see cref="KvDuplicateChecks"/>), against the implementation under test.</summary>
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvDuplicateTests(string implementation) : KvSuiteFixture(implementation)
{
    [Test]
    public void ADuplicateArrivingWhileTheOriginalExecutesRunsOnceAndGetsTheSameReply() => Judge(51, KvDuplicateChecks.WhileExecuting);

    [Test]
    public void ADuplicateArrivingAfterTheReplyRunsOnceAndGetsTheSameReply() => Judge(52, KvDuplicateChecks.AfterTheReply);

    [Test]
    public void OldDuplicatesArrivingAfterNewerRequestsDoNotRun() => Judge(53, KvDuplicateChecks.OldAfterNewer);
}
