using KvService.Labs;
using KvService.Raft;
using LabRpc.Raft.Harness;
using LabRpc.Raft.Zoo;

namespace LabRpc.Tests.Raft;

/// <summary>
/// The Raft lab's generated scenarios (<c>check --lab raft</c>): the reference passes a few hundred on two sweep seeds, a
/// scenario replays to its trace hash, and two zoo members the suite misses at its fixed seeds are caught by the sweep
/// (seed 1: ForgetsVotedFor at scenario 15, CommitsOldTermByCounting at scenario 62; <c>scripts/catch-rates-raft.sh</c>)
/// and shrunk.
/// </summary>
public sealed class RaftScenarioTests
{
    private static RaftLab Reference => new(RaftImplementations.Resolve("reference"));

    [TestCase(1UL)]
    [TestCase(2UL)]
    public void TheReferencePassesAFewHundredScenarios(ulong seed)
    {
        var result = LabSweep.Run(Reference, new SweepRange { Scenarios = 200, Seed = seed });
        Assert.That(result.FirstFailure?.Describe(), Is.Null);
        Assert.That(result.Passed, Is.EqualTo(200));
        Assert.That(result.Totals.Crashes, Is.GreaterThan(0), "the sweep crashes peers");
        Assert.That(result.Totals.FaultsInjected, Is.GreaterThan(200), "the sweep injects faults");
        Assert.That(result.Totals.FaultsInjected, Is.GreaterThanOrEqualTo(result.Totals.Crashes),
            "every crash counts as a fault injected (the summary's network fault windows are the rest; they were negative)");
        Assert.That(result.Totals.Drops, Is.GreaterThan(0), "unreliable links drop messages, and the counts say so");
    }

    [Test]
    public void AScenarioReplaysToTheSameTraceHash()
    {
        var lab = Reference;
        var scenario = lab.Generate(lab.ScenarioSeed(1, 7));
        var first = lab.Run(scenario, LabRun.Plain);
        var second = lab.Run(scenario, LabRun.Plain);
        var other = lab.Run(lab.Generate(lab.ScenarioSeed(1, 8)), LabRun.Plain);
        Assert.That(second.TraceHash, Is.EqualTo(first.TraceHash));
        Assert.That(other.TraceHash, Is.Not.EqualTo(first.TraceHash));
        Assert.That(first.Counts.Steps, Is.GreaterThan(0));
    }

    [Test]
    public void TheScenarioFileRoundTrips()
    {
        var lab = Reference;
        var verdict = lab.Run(lab.Generate(lab.ScenarioSeed(1, 3)), LabRun.Plain);
        var parsed = RaftScenarioFile.Parse(lab.ScenarioJson(verdict, "reference"));
        Assert.That(parsed.Scenario, Is.EqualTo(verdict.Scenario));
        Assert.That(parsed.TraceHash, Is.EqualTo(verdict.TraceHashText));
    }

    [TestCase("ForgetsVotedFor", 15)]
    [TestCase("CommitsOldTermByCounting", 62)]
    public void AMemberTheSuiteMissesIsCaughtAndShrunk(string name, int expected)
    {
        var lab = new RaftLab(RaftZoo.Find(name)!.Implementation);
        RaftVerdict? found = null;
        int index = 0;
        for (; index <= expected; index++)
        {
            var verdict = lab.Run(lab.Generate(lab.ScenarioSeed(1, index)), LabRun.Plain);
            if (!verdict.Failed) continue;
            found = verdict;
            break;
        }
        Assert.That(found, Is.Not.Null, $"{name} passed scenarios 0-{expected} of seed 1");
        Assert.That(index, Is.EqualTo(expected), "the first failing scenario of seed 1");
        var shrink = LabShrinker.Shrink(lab, found!);
        var shrunk = lab.Run(shrink.Scenario, LabRun.Plain);
        TestContext.Out.WriteLine($"{name}: caught at scenario {index}: {found}");
        TestContext.Out.WriteLine($"  shrunk in {shrink.Runs} runs to: {shrunk}");
        Assert.That(shrunk.Failed, Is.True);
        Assert.That(shrink.Scenario.Faults.Count + shrink.Scenario.Commands,
            Is.LessThan(found!.Scenario.Faults.Count + found.Scenario.Commands), "fewer events or commands");
    }

    [Test]
    public void ABadLabNameIsRefusedClearly()
    {
        var output = new StringWriter();
        int code = KvService.Program.Run(["check", "--lab", "rafft", "-n", "1"], output, output);
        Assert.That(code, Is.Not.Zero);
        Assert.That(output.ToString(), Does.Contain("rafft").And.Contain("raft"));
    }

    [Test]
    public void CheckLabRaftRunsTheSweepAndNamesAZooMembersFailure()
    {
        var output = new StringWriter();
        int code = KvService.Program.Run(["check", "--lab", "raft", "-n", "20", "-s", "1"], output, output);
        Assert.That(code, Is.Zero, output.ToString());
        Assert.That(output.ToString(), Does.Contain("All 20 scenarios passed"));
        var folder = Path.Combine(Path.GetTempPath(), "raft-check-" + TestContext.CurrentContext.Test.ID);
        var failing = new StringWriter();
        int failed = KvService.Program.Run(["check", "--lab", "raft", "--impl", "zoo:ForgetsVotedFor", "-n", "16", "-s", "1", "--no-shrink", "--out", folder],
            failing, failing);
        Assert.That(failed, Is.Not.Zero, failing.ToString());
        Assert.That(failing.ToString(), Does.Contain("The first is scenario 15"));
        Assert.That(File.Exists(Path.Combine(folder, "scenario.json")), Is.True);
        Directory.Delete(folder, recursive: true);
    }

    [Test]
    public void AnUnknownImplementationIsRefused()
    {
        var output = new StringWriter();
        int code = KvService.Program.Run(["check", "--lab", "raft", "--impl", "zoo:NoSuchMember", "-n", "1"], output, output);
        Assert.That(code, Is.Not.Zero);
        Assert.That(output.ToString(), Does.Contain("NoSuchMember"));
    }

    [Test]
    public void ExploreLabRaftWalksSchedulesOfThreePeersAndTwoCommands()
    {
        var output = new StringWriter();
        int code = KvService.Program.Run(["explore", "--lab", "raft", "--ops", "2", "--max-runs", "30"], output, output);
        Assert.That(output.ToString(), Does.Contain("3 peers, 2 commands, 0 faults"));
        Assert.That(output.ToString(), Does.Contain("no violation in"));
        Assert.That(code, Is.EqualTo(5), "incomplete: the run limit stopped the search");
    }
}
