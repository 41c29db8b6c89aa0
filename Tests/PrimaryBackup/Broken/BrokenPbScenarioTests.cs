using KvService.Labs;
using KvService.PrimaryBackup.Scenarios;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>
/// Every broken member is caught within the default sweep of <c>check --service pb</c> (200 scenarios, seed 1, numbered
/// as the sweep numbers them) and shrunk (<c>scripts/catch-rates-pb.sh</c> measures seeds 1-20). The rarer bugs need the
/// compound events at the start, while the clerks write: a split brain for a backup that accepts a stale primary and for
/// unconfirmed Gets, a retry across two failovers for a transfer without the duplicate table, a flaky link then a
/// failover for a state copied before the lock; late copies of requests for a duplicate check on the last sequence number.
/// </summary>
public sealed class BrokenPbScenarioTests
{
    private const int Scenarios = 200;
    private const ulong Seed = 1;

    [TestCaseSource(typeof(BrokenPb), nameof(BrokenPb.Members))]
    public void IsCaughtWithinTheDefaultSweepAndShrunk(BrokenPb member)
    {
        PbVerdict? found = null;
        int index = 0;
        for (; index < Scenarios; index++)
        {
            var verdict = PbScenarioRunner.Run(PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(Seed, index)), member);
            if (!verdict.Failed) continue;
            found = verdict;
            break;
        }
        Assert.That(found, Is.Not.Null, $"{member} passed {Scenarios} generated scenarios");
        var lab = new PbLab(member);
        var result = LabShrinker.Shrink(lab, found!);
        var (s, runs) = (result.Scenario, result.Runs);
        var shrunk = lab.Run(s, LabRun.Plain);
        TestContext.Out.WriteLine($"{member}: caught at scenario {index}: {found!.Scenario}");
        TestContext.Out.WriteLine($"  shrunk in {runs} runs to {s.Clients} clients × {s.OperationsPerClient} ops, {s.Keys} keys, {s.Faults.Count} fault events: {shrunk}");
        Assert.That(shrunk.Failed, Is.True);
        Assert.That(PbScenarioGenerator.KeepsEventsApart(s), Is.True, "a shrunk scenario keeps events as far apart as generated ones");
        Assert.That(s.Faults, Has.Count.LessThanOrEqualTo(2), "shrunk to one or two fault events");
        Assert.That(s.Clients * s.OperationsPerClient, Is.LessThan(found.Scenario.Clients * found.Scenario.OperationsPerClient), "fewer operations");
    }
}
