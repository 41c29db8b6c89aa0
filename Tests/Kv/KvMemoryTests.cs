namespace LabRpc.Tests.Kv;

/// <summary>6.824's kvsrv memory tests (2024) with the course's bounds, in copies of the value as the implementation stores
/// it (see <see cref="KvMemoryChecks"/>), against the implementation under test.</summary>
[NonParallelizable]
[TestFixtureSource(typeof(KvSuite), nameof(KvSuite.Fixtures))]
public sealed class KvMemoryTests(string implementation) : KvSuiteFixture(implementation)
{
    [Test]
    public void OverwrittenValueReadByTwoClerksIsNotKept() => Judge(11, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.Get2));

    [Test]
    public void OverwrittenPutValueIsNotKept() => Judge(12, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.Put));

    [Test]
    public void TwoBigAppendsKeepAtMostThreeCopies() => Judge(13, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.Append));

    [Test]
    public void ManyPutClientsCostAFewBytesEach() => Judge(14, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.PutManyClients));

    [Test]
    public void GetsAreNotRemembered() => Judge(15, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.GetManyClients));

    [Test]
    public void ManyAppendsKeepFewerThanThreeCopies() => Judge(16, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.ManyAppends));
}
