using KvService.PrimaryBackup.Scenarios;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>
/// Every broken member is caught within the default sweep of <c>check --service pb</c> (200 scenarios, seed 1, numbered
/// as the sweep numbers them) and shrunk. The rarer bugs need the compound events: a split brain (the primary and a
/// clerk cut off from the view service, the other clerks from the primary) for a backup that accepts a stale primary and
/// for unconfirmed Gets, a write whose reply is lost retried across two failovers for a transfer without the duplicate
/// table.
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
            var verdict = PbScenarioRunner.Run(PbScenarioGenerator.Generate(PbCheck.ScenarioSeed(Seed, index)), member);
            if (!verdict.Failed) continue;
            found = verdict;
            break;
        }
        Assert.That(found, Is.Not.Null, $"{member} passed {Scenarios} generated scenarios");
        var (shrunk, runs) = PbShrinker.Shrink(found!, member);
        var s = shrunk.Scenario;
        TestContext.Out.WriteLine($"{member}: caught at scenario {index}: {found!.Scenario}");
        TestContext.Out.WriteLine($"  shrunk in {runs} runs to {s.Clients} clients × {s.OperationsPerClient} ops, {s.Keys} keys, {s.Faults.Count} fault events: {shrunk}");
        Assert.That(shrunk.Failed, Is.True);
        Assert.That(PbScenarioGenerator.KeepsEventsApart(s), Is.True, "a shrunk scenario keeps events as far apart as generated ones");
        Assert.That(s.Faults, Has.Count.EqualTo(1), "shrunk to one fault event");
        Assert.That(s.Clients * s.OperationsPerClient, Is.LessThan(found.Scenario.Clients * found.Scenario.OperationsPerClient), "fewer operations");
    }
}
