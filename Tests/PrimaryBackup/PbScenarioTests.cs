using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.Scenarios;

namespace LabRpc.Tests.PrimaryBackup;

public sealed class PbScenarioTests
{
    [Test]
    public void TheReferencePassesGeneratedFaultScenarios()
    {
        var failures = new List<string>();
        for (ulong seed = 1; seed <= 100; seed++)
        {
            var verdict = PbScenarioRunner.Run(PbScenarioGenerator.Generate(seed), new ReferencePb());
            if (!verdict.Passed) failures.Add(verdict.ToString());
        }
        Assert.That(failures, Is.Empty);
    }

    [Test]
    public void AScenarioRunsTheSameTwiceFromItsSeed()
    {
        var scenario = PbScenarioGenerator.Generate(85);
        var first = PbScenarioRunner.Run(scenario, new ReferencePb());
        var second = PbScenarioRunner.Run(scenario, new ReferencePb());
        Assert.That(scenario.Faults, Is.Not.Empty);
        Assert.That(second.TraceHash, Is.EqualTo(first.TraceHash));
        Assert.That((second.Operations, second.Rpcs), Is.EqualTo((first.Operations, first.Rpcs)));
    }

    [Test]
    public void GeneratedScenariosKeepEventsThatChangeTheViewApart()
    {
        var scenarios = Enumerable.Range(1, 300).Select(s => PbScenarioGenerator.Generate((ulong)s)).ToList();
        Assert.That(scenarios.All(PbScenarioGenerator.KeepsEventsApart), Is.True);
        Assert.That(scenarios.SelectMany(s => s.Faults).Select(f => f.Kind).Distinct().Count(), Is.EqualTo(Enum.GetValues<PbFaultKind>().Length),
            "every kind of fault is drawn");
    }

    [Test]
    public void ASplitBrainLastsLongEnoughToReplaceThePrimaryWhenGeneratedAndWhenShrunk()
    {
        var splits = Enumerable.Range(1, 300).Select(s => PbScenarioGenerator.Generate((ulong)s))
            .Where(s => s.Faults.Any(f => f.Kind == PbFaultKind.SplitBrain)).ToList();
        Assert.That(splits, Is.Not.Empty);
        var candidates = splits.SelectMany(PbShrinker.Candidates).SelectMany(c => c.Faults).Where(f => f.Kind == PbFaultKind.SplitBrain);
        Assert.That(splits.SelectMany(s => s.Faults).Where(f => f.Kind == PbFaultKind.SplitBrain).Concat(candidates)
            .All(f => f.Duration >= PbScenarioGenerator.SplitBrainLead), Is.True);
    }

    [TestCase(PbFaultKind.LoseBackupReplies)]
    [TestCase(PbFaultKind.HoldPrimaryBackup)]
    public void ALinkEventBetweenPrimaryAndBackupChangesTheRunAndTheReferencePasses(PbFaultKind kind)
    {
        var quiet = new PbScenario { Seed = 5, Servers = 2, Clients = 2, OperationsPerClient = 12, Keys = 1, MaxThinkTime = TimeSpan.FromMilliseconds(50) };
        var faulty = quiet with { Faults = [new PbFault(kind, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(400))] };
        var without = PbScenarioRunner.Run(quiet, new ReferencePb());
        var with = PbScenarioRunner.Run(faulty, new ReferencePb());
        Assert.That(with.Passed, Is.True, with.ToString());
        Assert.That(with.TraceHash, Is.Not.EqualTo(without.TraceHash), "the event reached the run");
        Assert.That(with.Rpcs, Is.GreaterThan(without.Rpcs), "lost or held answers cost the primary and the clerks extra calls");
    }

    [Test]
    public void LinkEventsComeAfterEveryOtherEventSoThatTheEarlierDrawsStayAsTheyWere()
    {
        var scenarios = Enumerable.Range(1, 300).Select(s => PbScenarioGenerator.Generate((ulong)s)).ToList();
        var linked = scenarios.Where(s => s.Faults.Any(f => f.Kind is PbFaultKind.LoseBackupReplies or PbFaultKind.HoldPrimaryBackup)).ToList();
        Assert.That(linked.Count, Is.InRange(40, 110), "about one scenario in four ends with one");
        foreach (var s in linked)
        {
            var link = s.Faults.Single(f => f.Kind is PbFaultKind.LoseBackupReplies or PbFaultKind.HoldPrimaryBackup);
            Assert.That(s.Faults.Where(f => f.Kind < link.Kind && f.Sequential).All(f => f.End + PbScenarioGenerator.RecoveryGap <= link.At), Is.True, s.ToString());
        }
    }

    [Test]
    public void ALivenessViolationNamesTheOperationThatDidNotReturn()
    {
        // Both servers of a two-server service crash at once: nobody holds the state, and the view service waits for good.
        var scenario = new PbScenario
        {
            Seed = 3, Servers = 2, Clients = 1, OperationsPerClient = 4, Keys = 1, MaxThinkTime = TimeSpan.FromMilliseconds(200),
            Faults = [new PbFault(PbFaultKind.CrashPrimary, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)),
                new PbFault(PbFaultKind.CrashBackup, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1))],
        };
        Assert.That(PbScenarioGenerator.KeepsEventsApart(scenario), Is.False);
        var verdict = PbScenarioRunner.Run(scenario, new ReferencePb());
        Assert.That(verdict.Violations.Select(v => v.Message), Has.Some.Contains("did not return within 10 s after the faults ended"));
    }
}
