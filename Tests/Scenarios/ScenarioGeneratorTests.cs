using KvService.Scenarios;

namespace LabRpc.Tests.Scenarios;

public sealed class ScenarioGeneratorTests
{
    [Test]
    public void TheSameSeedGivesTheSameScenario()
    {
        var scenario = ScenarioGenerator.Generate(123);

        Assert.That(ScenarioGenerator.Generate(123), Is.EqualTo(scenario));
        Assert.That(ScenarioGenerator.Generate(124), Is.Not.EqualTo(scenario));
    }

    [Test]
    public void ScenariosStayInTheirSpace()
    {
        var space = new ScenarioSpace
        {
            Clients = new IntRange(2, 3), OperationsPerClient = new IntRange(4, 4), Keys = new IntRange(1, 2),
            FaultEvents = new IntRange(1, 2), Faults = FaultKinds.Crash | FaultKinds.ClientIsolation,
        };

        var scenarios = Enumerable.Range(0, 200).Select(i => ScenarioGenerator.Generate(ScenarioGenerator.SeedOf(7, i), space)).ToList();

        Assert.That(scenarios.Select(s => s.Clients).Distinct().Order(), Is.EqualTo(new[] { 2, 3 }));
        Assert.That(scenarios.Select(s => s.OperationsPerClient).Distinct(), Is.EqualTo(new[] { 4 }));
        Assert.That(scenarios.Select(s => s.Faults.Count).Distinct().Order(), Is.EqualTo(new[] { 1, 2 }));
        Assert.That(scenarios.SelectMany(s => s.Faults).Select(f => f.Kind).Distinct().Order(),
            Is.EqualTo(new[] { FaultKinds.ClientIsolation, FaultKinds.Crash }));
        Assert.That(scenarios.SelectMany(s => s.Faults).OfType<ServerCrash>().Select(c => c.Moment).Distinct().Count(), Is.EqualTo(Enum.GetValues<CrashMoment>().Length));
        Assert.That(scenarios, Has.All.Matches<Scenario>(s => s!.Faults.SequenceEqual(s.Faults.OrderBy(f => f.At))));
    }

    [Test]
    public void NoFaultKindsMeansNoFaults()
    {
        var space = new ScenarioSpace { Faults = FaultKinds.None, FaultEvents = new IntRange(3, 3) };

        Assert.That(Enumerable.Range(0, 50).Select(i => ScenarioGenerator.Generate((ulong)i, space).Faults.Count), Has.All.Zero);
    }

    [Test]
    public void SweepSeedsAreDistinctAndFitInAJsonNumber()
    {
        var seeds = Enumerable.Range(0, 10_000).Select(i => ScenarioGenerator.SeedOf(1, i)).ToList();

        Assert.That(seeds.Distinct().Count(), Is.EqualTo(seeds.Count));
        Assert.That(seeds, Has.All.LessThan(1UL << 53));
    }

    [Test]
    public void WorkloadValuesAreUniqueSoThatAppendsCanBeTracedInValues()
    {
        var scenario = new Scenario { Seed = 3, Clients = 4, OperationsPerClient = 30, Mix = new OperationMix(0, 1, 1) };

        var values = Enumerable.Range(0, 4).SelectMany(c => Enumerable.Range(0, 30).Select(i => Workload.Step(scenario, c, i).Input.Value)).ToList();

        Assert.That(values.Distinct().Count(), Is.EqualTo(values.Count));
        Assert.That(Workload.Step(scenario with { Clients = 1, Keys = 2 }, 0, 5).Input.Op, Is.EqualTo(Workload.Step(scenario, 0, 5).Input.Op),
            "an operation does not depend on the number of clients");
    }
}
