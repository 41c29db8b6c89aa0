using KvService.Scenarios;
using KvService.Contract;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>
/// Each deliberately broken implementation is caught by the scenario property within the default number of scenarios,
/// and FsCheck's shrinking (through <see cref="Shrinker"/>) brings the counterexample down to a small one:
/// at most 2 clients, 3 operations per client, 2 keys and 2 fault events.
/// </summary>
public sealed class BrokenImplementationTests
{
    [TestCaseSource(typeof(BrokenImplementations), nameof(BrokenImplementations.Cases))]
    public void IsCaughtAndShrunkToASmallScenario(IKvImplementation broken, string bug)
    {
        var outcome = ScenarioProperty.Check(broken, ScenarioProperty.DefaultCount, ScenarioProperty.Seed);

        Assert.That(outcome.Passed, Is.False, $"{broken.Name} ({bug}) passed {outcome.Tests} scenarios");
        var shrunk = outcome.Shrunk!;
        var verdict = ScenarioRunner.Run(shrunk, broken);
        TestContext.Out.WriteLine($"{broken.Name}: caught at scenario {outcome.Tests} of {ScenarioProperty.DefaultCount}, " +
            $"shrunk in {outcome.Shrinks} steps from {outcome.Original!.Summary()}\nto {verdict.Describe()}");
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.False, "the shrunk scenario still fails");
            Assert.That(shrunk.Seed, Is.EqualTo(outcome.Original.Seed), "shrinking keeps the seed");
            Assert.That(shrunk.Clients, Is.LessThanOrEqualTo(2), "clients");
            Assert.That(shrunk.OperationsPerClient, Is.LessThanOrEqualTo(3), "operations per client");
            Assert.That(shrunk.Keys, Is.LessThanOrEqualTo(2), "keys");
            Assert.That(shrunk.Faults, Has.Count.LessThanOrEqualTo(2), "fault events");
        });
    }

    [Test]
    public void ABlockingImplementationFailsThePropertyWithoutAShrinkThatWaitsOnEveryTry()
    {
        var run = new RunOptions { StallTimeout = TimeSpan.FromMilliseconds(200) };
        var blocking = new BlockingClerkKv();

        var outcome = ScenarioProperty.Check(blocking, ScenarioProperty.DefaultCount, ScenarioProperty.Seed, run: run);

        Assert.That(outcome.Passed, Is.False);
        Assert.That(outcome.Blocked, Is.True);
        Assert.That(outcome.Shrunk, Is.EqualTo(outcome.Original), "a blocked scenario is reported as it was");
        Assert.That(blocking.Blocks, Is.EqualTo(1), "after the first blocked run no other run waits out the stall timeout");
    }

    [Test]
    public void TheCorrectBaseOfTheBrokenOnesPasses()
    {
        var outcome = ScenarioProperty.Check(new SimpleKv(), ScenarioProperty.Count, ScenarioProperty.Seed);

        Assert.That(outcome.Passed, Is.True, outcome.Message);
    }
}
