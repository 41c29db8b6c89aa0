using KvService.Harness;
using LabRpc.Tests.Kv.Broken;

namespace LabRpc.Tests.Kv;

/// <summary>The suite fails a broken implementation: one without duplicate detection fails the unreliable tests.</summary>
public sealed class SuiteHasTeethTests
{
    private static readonly NoDuplicateDetectionKv Broken = new();

    // What the checks report when an append was applied twice (6.824's messages, or the history check's).
    private const string DuplicateApplied = "duplicate element|in returned values|not in return|get wrong value|not linearizable";

    [Test]
    public void WithoutDuplicateDetectionTheUnreliableManyClientsTestFails()
    {
        var failure = Assert.Throws<KvCheckFailedException>(() => KvChecks.Generic(Broken, 3, TestContext.Out, clients: 5, unreliable: true));
        TestContext.Out.WriteLine($"  ... failed as it should: {failure!.Message}");
        Assert.That(failure.Message, Does.Match(DuplicateApplied));
    }

    [Test]
    public void WithoutDuplicateDetectionTheUnreliableOneKeyTestFails()
    {
        var failure = Assert.Throws<KvCheckFailedException>(() => KvChecks.UnreliableOneKey(Broken, 4, TestContext.Out));
        TestContext.Out.WriteLine($"  ... failed as it should: {failure!.Message}");
        Assert.That(failure.Message, Does.Match(DuplicateApplied));
    }

    [Test]
    public void WithoutDuplicateDetectionOrPersistenceACrashAfterAnAppendIsCaught()
    {
        var failure = Assert.Throws<KvCheckFailedException>(() =>
            KvCrashChecks.Scripted(Broken, 22, TestContext.Out, CallStage.Executed, everyOperation: false, unreliable: false));
        TestContext.Out.WriteLine($"  ... failed as it should: {failure!.Message}");
        Assert.That(failure.Message, Does.Match("returned|not linearizable"));
    }

    [Test]
    public void WithoutDuplicateDetectionTheReliableTestsStillPass()
    {
        // The broken server is wrong only when requests repeat: the failures above are the unreliable network's doing.
        Assert.DoesNotThrow(() => KvChecks.Generic(Broken, 1, TestContext.Out, clients: 1, unreliable: false));
    }
}
