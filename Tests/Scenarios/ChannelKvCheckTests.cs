using KvService.ChannelStyle;
using KvService.Scenarios;

namespace LabRpc.Tests.Scenarios;

/// <summary>The channel-style implementation through <c>check</c>'s sweep: 200 fault scenarios of seed 1, as
/// <c>check --impl ChannelKv</c> runs them.</summary>
public sealed class ChannelKvCheckTests
{
    [Test]
    public void TheChannelStyleImplementationPassesTwoHundredFaultScenarios()
    {
        var result = ScenarioSweep.Run(new ChannelKv(), new SweepOptions { Scenarios = 200, Parallelism = 1 });

        Assert.That(result.AllPassed, Is.True, result.FirstFailure?.Headline ?? $"{result.Unknown} unknown");
        Assert.That(result.Repeated, Is.GreaterThan(0), "some scenarios ran twice, to check that they replay");
        TestContext.Out.WriteLine($"{result.Scenarios} scenarios, {result.Totals.Operations} operations, {result.WallTime.TotalSeconds:0.00} s");
    }
}
