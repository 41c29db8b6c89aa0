namespace LabRpc.Tests.Kv;

/// <summary>6.824's kvsrv memory tests (2024) with the course's bounds, against the implementation under test.</summary>
[NonParallelizable]
public sealed class KvMemoryTests
{
    [Test]
    public void OverwrittenValueReadByTwoClerksIsNotKept() => KvSuite.Judge(11, KvMemoryChecks.Get2);

    [Test]
    public void OverwrittenPutValueIsNotKept() => KvSuite.Judge(12, KvMemoryChecks.Put);

    [Test]
    public void RememberedAppendReplySharesTheValuesStorage() => KvSuite.Judge(13, KvMemoryChecks.Append);

    [Test]
    public void ManyPutClientsCostAFewBytesEach() => KvSuite.Judge(14, KvMemoryChecks.PutManyClients);

    [Test]
    public void GetsAreNotRemembered() => KvSuite.Judge(15, KvMemoryChecks.GetManyClients);

    [Test]
    public void ManyAppendsKeepOneCopyOfTheValue() => KvSuite.Judge(16, KvMemoryChecks.ManyAppends);
}
