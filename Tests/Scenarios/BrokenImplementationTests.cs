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
    public void TheCorrectBaseOfTheBrokenOnesPasses()
    {
        var outcome = ScenarioProperty.Check(new SimpleKv(), ScenarioProperty.Count, ScenarioProperty.Seed);

        Assert.That(outcome.Passed, Is.True, outcome.Message);
    }
}
