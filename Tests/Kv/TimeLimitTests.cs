using KvService.Harness;
using LabRpc.Tests.Kv.Slow;
using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>Every check of the suite stops at its time limit, slow-but-correct code included, and says how far it got.</summary>
public sealed class TimeLimitTests
{
    private static readonly SavesWholeStateKv Slow = new();

    [Test]
    public void AServerSavingItsWholeStatePerOperationStopsAtTheLimitOfManyPutClientsWithItsProgress()
    {
        KvCheckFailedException? failure;
        using (KvTimeLimit.Override(TimeSpan.FromSeconds(0.5)))
        using (KvTimeLimit.Naming(TestContext.CurrentContext.Test.Name))
            failure = Assert.Throws<KvCheckFailedException>(() => KvMemoryChecks.PutManyClients(Slow, 14, TestContext.Out));
        TestContext.Out.WriteLine($"  ... stopped as it should: {failure!.Message}");
        // Under load, making the 100,000 clerks may take the whole half second: then the message says so.
        Assert.That(failure.Message, Does.Match(@"^AServerSaving\w+: [\d,]+ of 100,000 clerks (done|made, none has run yet) after \d+\.\d s, the time limit \(0\.5 s; LABRPC_KV_TIME_LIMIT"));
        Assert.That(failure.Message, Does.Contain("saving its whole state per operation"));
    }

    [Test]
    public void WithoutATestNameTheMessageNamesTheCheck()
    {
        KvCheckFailedException? failure;
        using (KvTimeLimit.Override(TimeSpan.FromMilliseconds(1)))
            failure = Assert.Throws<KvCheckFailedException>(() => KvMemoryChecks.ManyAppends(Slow, 16, TestContext.Out));
        Assert.That(failure!.Message, Does.StartWith("memory use many appends: "));
    }

    [Test]
    public void AServerSavingItsWholeStatePerOperationStopsAtTheLimitOfManyAppendsWithItsProgress()
    {
        KvCheckFailedException? failure;
        using (KvTimeLimit.Override(TimeSpan.FromSeconds(0.3)))
            failure = Assert.Throws<KvCheckFailedException>(() => KvMemoryChecks.ManyAppends(Slow, 16, TestContext.Out));
        TestContext.Out.WriteLine($"  ... stopped as it should: {failure!.Message}");
        Assert.That(failure.Message, Does.Match(@": [\d,]+ of 1,000 appends done after \d+\.\d s, the time limit \(0\.3 s"));
    }

    [Test]
    public void ACheckOfRoundsInVirtualTimeSaysWhichRoundAndHowManyOperations()
    {
        KvCheckFailedException? failure;
        using (KvTimeLimit.Override(TimeSpan.FromMilliseconds(1)))
            failure = Assert.Throws<KvCheckFailedException>(() => KvChecks.Generic(Slow, 2, TestContext.Out, clients: 5, unreliable: false));
        Assert.That(failure!.Message, Does.Match(@"round \d of 3 .*, [\d,]+ operations done, [\d.]+ s virtual after"));
    }

    [Test]
    public void TheSlowServerIsCorrect() =>
        Assert.DoesNotThrow(() => KvChecks.Generic(Slow, 3, TextWriter.Null, clients: 5, unreliable: true));

    [Test]
    public void TheLimitIsTheDefaultUnlessOverridden()
    {
        if (Environment.GetEnvironmentVariable(KvTimeLimit.Variable) is { Length: > 0 }) Assert.Ignore($"{KvTimeLimit.Variable} is set");
        Assert.That(KvTimeLimit.Current, Is.EqualTo(KvTimeLimit.DefaultLimit));
        using (KvTimeLimit.Override(TimeSpan.FromSeconds(2)))
            Assert.That(KvTimeLimit.Current, Is.EqualTo(TimeSpan.FromSeconds(2)));
        Assert.That(KvTimeLimit.Current, Is.EqualTo(KvTimeLimit.DefaultLimit));
    }
}
