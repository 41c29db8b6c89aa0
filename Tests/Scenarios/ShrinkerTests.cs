using KvService.Scenarios;

namespace LabRpc.Tests.Scenarios;

public sealed class ShrinkerTests
{
    private static int Size(Scenario s) =>
        s.Clients + s.OperationsPerClient + s.Keys + s.Faults.Count + s.Mix.Total + (int)s.MaxThinkTime.TotalMilliseconds
        + s.Faults.Sum(f => (int)f.At.TotalMilliseconds + (int)f.Duration.TotalMilliseconds);

    [Test]
    public void EveryCandidateKeepsTheSeedAndIsSmaller([Range(0, 20)] int seed)
    {
        var scenario = ScenarioGenerator.Generate((ulong)seed);

        foreach (var candidate in Shrinker.Candidates(scenario))
        {
            Assert.That(candidate.Seed, Is.EqualTo(scenario.Seed));
            Assert.That(Size(candidate), Is.LessThan(Size(scenario)), candidate.Describe);
            Assert.That(candidate.Validate, Throws.Nothing);
        }
    }

    [Test]
    public void ShrinkingReachesTheSmallestScenarioThatStillFails()
    {
        var big = ScenarioGenerator.Generate(5) with
        {
            Clients = 5,
            OperationsPerClient = 20,
            Keys = 4,
            Faults =
            [
                new UnreliableNetwork(TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(1)),
                new ServerCrash(TimeSpan.FromMilliseconds(300), TimeSpan.FromMilliseconds(200), CrashMoment.AfterExecution),
                new ClientIsolation(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(400), 3),
            ],
        };
        // "Fails" while there are two clients and a crash: the smallest such scenario has exactly that.
        var result = Shrinker.Shrink(big, s => s.Clients >= 2 && s.Faults.Any(f => f is ServerCrash));

        var small = result.Scenario;
        Assert.That(small.Seed, Is.EqualTo(big.Seed));
        Assert.That((small.Clients, small.OperationsPerClient, small.Keys, small.Faults.Count), Is.EqualTo((2, 1, 1, 1)));
        Assert.That(small.Faults[0], Is.EqualTo(new ServerCrash(TimeSpan.Zero, TimeSpan.FromMilliseconds(1), CrashMoment.AfterExecution)));
        Assert.That(small.MaxThinkTime, Is.EqualTo(TimeSpan.Zero));
        Assert.That(result.Original, Is.EqualTo(big));
        Assert.That(result.Steps, Is.GreaterThan(0).And.LessThanOrEqualTo(result.Runs));
    }

    [Test]
    public void DroppingOperationsFromTheStartMovesTheScheduleEarlierToo()
    {
        var scenario = new Scenario
        {
            Seed = 1, Clients = 1, OperationsPerClient = 10, MaxThinkTime = TimeSpan.FromMilliseconds(20),
            Faults = [new UnreliableNetwork(TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(10))],
        };

        var moved = Shrinker.Candidates(scenario).Where(s => s.FirstOperation == 9 && s.Faults.Count == 1).ToList();

        Assert.That(moved.Select(s => s.Faults[0].At), Has.Member(TimeSpan.FromMilliseconds(500)));
        var thought = Enumerable.Range(0, 9).Aggregate(TimeSpan.Zero, (sum, i) => sum + Workload.Step(scenario, 0, i).Think);
        Assert.That(moved.Select(s => s.Faults[0].At), Has.Member(TimeSpan.FromMilliseconds(500) - thought));
    }

    [Test]
    public void ShrinkingStopsAtTheRunBudget()
    {
        var result = Shrinker.Shrink(ScenarioGenerator.Generate(9) with { Clients = 5, OperationsPerClient = 20 }, _ => true, maxRuns: 3);

        Assert.That(result.Runs, Is.EqualTo(3));
    }
}
