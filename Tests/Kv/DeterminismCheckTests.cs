using KvService.Harness;
using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>The determinism check fails an implementation that takes randomness from outside the simulation.</summary>
public sealed class DeterminismCheckTests
{
    [Test]
    public void AClerkWhoseClientIdComesFromRandomSharedIsReportedNondeterministic()
    {
        var failure = Assert.Throws<KvCheckFailedException>(() => KvDeterminismChecks.SameSeedSameRun(new LabRpc.Tests.Scenarios.Broken.RandomClientIdKv(), 61, TestContext.Out))!;
        TestContext.Out.WriteLine($"  ... failed as it should: {failure.Message}");
        Assert.That(failure.Message, Does.Contain("nondeterministic").And.Contain("clerk ").And.Contain("Random.Shared")
            .And.Contain("use runtime.Random").And.Not.Contain("simulation."), "the advice names what a student holds: IRuntime runtime");
    }

    [Test]
    public void TheSameNondeterministicImplementationPassesTheCoursesTests() =>
        Assert.DoesNotThrow(() => KvChecks.UnreliableOneKey(new LabRpc.Tests.Scenarios.Broken.RandomClientIdKv(), 4, TextWriter.Null));
}
