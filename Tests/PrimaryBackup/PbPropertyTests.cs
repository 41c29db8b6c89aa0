using FsCheck;
using FsCheck.Fluent;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.Scenarios;
using LabRpc.Tests.PrimaryBackup.Broken;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>
/// FsCheck properties over generated primary/backup fault scenarios (<see cref="PbScenarioArbitrary"/>), each from a
/// fixed seed: the reference passes them (linearizable, at-most-once, live), a scenario runs the same twice, and each
/// broken member fails the property and is shrunk by FsCheck to a small scenario.
/// </summary>
public sealed class PbPropertyTests
{
    [FsCheck.NUnit.Property(MaxTest = PbScenarioProperty.Count, Replay = PbScenarioProperty.Replay)]
    public Property TheReferenceIsLinearizableAtMostOnceAndLiveInEveryGeneratedScenario() => PbScenarioProperty.Holds(new ReferencePb());

    [FsCheck.NUnit.Property(MaxTest = 50, Replay = PbScenarioProperty.Replay)]
    public Property AGeneratedScenarioRunsTheSameTwice() =>
        Prop.ForAll(PbScenarioArbitrary.Scenarios, scenario =>
        {
            var (first, second) = (PbScenarioRunner.Run(scenario, new ReferencePb()), PbScenarioRunner.Run(scenario, new ReferencePb()));
            return (first.TraceHash == second.TraceHash && (first.Operations, first.Rpcs, first.Passed) == (second.Operations, second.Rpcs, second.Passed))
                .Label($"{scenario}: trace hashes {first.TraceHashText} and {second.TraceHashText}, {first.Rpcs} and {second.Rpcs} RPCs");
        });

    [FsCheck.NUnit.Property(MaxTest = 100, Replay = PbScenarioProperty.Replay)]
    public Property GeneratedScenariosAndTheirShrinksKeepEventsApartWithinTheGeneratorsSpace() =>
        Prop.ForAll(PbScenarioArbitrary.Scenarios, scenario =>
        {
            var shrinks = PbScenarioArbitrary.Shrink(scenario).ToList();
            return (InSpace(scenario) && PbScenarioGenerator.KeepsEventsApart(scenario) && shrinks.All(PbScenarioGenerator.KeepsEventsApart))
                .Label(scenario.ToString());
        });

    [Test]
    public void TheArbitraryDrawsEveryFaultKindAndTheCompoundEventsMoreOftenThanTheSweep()
    {
        var drawn = PbScenarioArbitrary.Scenarios.Generator.Sample(300, new Rnd(PbScenarioProperty.Seed, PbScenarioProperty.Gamma), 10);
        var swept = Enumerable.Range(0, 300).Select(i => PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(1, i))).ToList();

        Assert.That(drawn, Has.Length.EqualTo(300));
        Assert.That(drawn.SelectMany(s => s.Faults).Select(f => f.Kind).Distinct().Count(), Is.EqualTo(Enum.GetValues<PbFaultKind>().Length));
        Assert.That(drawn.Select(s => s.Seed).Distinct().Count(), Is.EqualTo(drawn.Length), "no seed drawn twice");
        Assert.That(drawn.Count(s => s.Faults.Count == 0), Is.GreaterThan(0), "scenarios without faults are drawn too");
        foreach (var kind in new[] { PbFaultKind.SplitBrain, PbFaultKind.RetryAcrossFailovers })
        {
            double Share(IEnumerable<PbScenario> scenarios) => scenarios.Average(s => s.Faults.Any(f => f.Kind == kind) ? 1.0 : 0.0);
            Assert.That(Share(drawn), Is.GreaterThan(Share(swept)), $"{kind}: scenarios that hold one");
        }
    }

    [Test]
    public void TheShrinkerLeavesOutTheCandidatesThatBringEventsTooClose()
    {
        // The crash comes 1 s after the split brain ends: starting it earlier, or dropping the split brain and moving the
        // crash up by the time it took, brings it too close to the split brain or to the start.
        var scenario = new PbScenario
        {
            Seed = 3, Servers = 2, Clients = 2, OperationsPerClient = 8, Keys = 1,
            Faults =
            [
                new PbFault(PbFaultKind.SplitBrain, TimeSpan.Zero, TimeSpan.FromSeconds(1.5), Client: 1),
                new PbFault(PbFaultKind.CrashPrimary, TimeSpan.FromSeconds(2.5), TimeSpan.FromMilliseconds(400)),
            ],
        };
        Assert.That(PbScenarioGenerator.KeepsEventsApart(scenario), Is.True);
        Assert.That(PbShrinker.Candidates(scenario).Any(c => !PbScenarioGenerator.KeepsEventsApart(c)), Is.True, "some candidates bring them too close");

        var shrinks = PbScenarioArbitrary.Shrink(scenario).ToList();
        Assert.That(shrinks, Is.Not.Empty);
        Assert.That(shrinks.All(PbScenarioGenerator.KeepsEventsApart), Is.True, "the arbitrary's shrinks all keep them apart");
    }

    [TestCaseSource(typeof(BrokenPb), nameof(BrokenPb.Members))]
    public void EachBrokenMemberIsCaughtAndShrunkToASmallScenario(BrokenPb member)
    {
        var outcome = PbScenarioProperty.Check(member, PbScenarioProperty.Count);

        Assert.That(outcome.Passed, Is.False, $"{member} passed {outcome.Tests} scenarios");
        var (original, shrunk) = (outcome.Original!, outcome.Shrunk!);
        var (first, second) = (PbScenarioRunner.Run(shrunk, member), PbScenarioRunner.Run(shrunk, member));
        TestContext.Out.WriteLine($"{member}: caught at scenario {outcome.Tests} of {PbScenarioProperty.Count}, shrunk in {outcome.Shrinks} steps from {original}\nto {first.Describe()}");
        Assert.Multiple(() =>
        {
            Assert.That(first.Failed, Is.True, "the shrunk scenario still fails");
            Assert.That(second.TraceHash, Is.EqualTo(first.TraceHash), "and runs the same twice");
            Assert.That(shrunk.Seed, Is.EqualTo(original.Seed), "shrinking keeps the seed");
            Assert.That(PbScenarioGenerator.KeepsEventsApart(shrunk), Is.True, "events kept apart");
            Assert.That(shrunk.Faults, Has.Count.EqualTo(1), "fault events");
            // A stale Get needs the clerk the split brain leaves with the old primary to read after the others wrote: the
            // shrinker drops clerks from the end and gives the dropped one's events to clerk 0, whose operations are
            // others, so three clerks may remain.
            Assert.That(shrunk.Clients, Is.LessThanOrEqualTo(member == BrokenPb.ServesAfterReplaced ? 3 : 2), "clerks");
            Assert.That(shrunk.OperationsPerClient, Is.LessThanOrEqualTo(12), "operations per clerk");
            var larger = new[]
            {
                ("servers", shrunk.Servers, original.Servers), ("clerks", shrunk.Clients, original.Clients),
                ("operations per clerk", shrunk.OperationsPerClient, original.OperationsPerClient), ("keys", shrunk.Keys, original.Keys),
            }.Where(d => d.Item2 > d.Item3).Select(d => d.Item1);
            Assert.That(larger, Is.Empty, "larger than the original");
        });
    }

    private static bool InSpace(PbScenario s) =>
        s.Servers is >= 2 and <= 3 && s.Clients is >= 1 and <= 3 && s.OperationsPerClient is >= 4 and <= 16 && s.Keys is >= 1 and <= 2
        && s.MaxThinkTime <= TimeSpan.FromMilliseconds(300) && s.Faults.Count <= 7 && s.Faults.All(f => f.Client < s.Clients);
}
