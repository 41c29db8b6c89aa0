using KvService.PrimaryBackup.Scenarios;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>
/// The generated fault scenarios catch a broken member and shrink what they find. The other three are caught by their
/// directed scripts (<see cref="BrokenPbTests"/>) only, not within 400 generated scenarios: a transfer without the
/// duplicate table shows when a clerk's retry outlives two view changes, a backup that accepts a stale primary and
/// unconfirmed Gets when a clerk reads from (or writes through) a replaced primary after another clerk wrote through the
/// new one, all rare in random schedules.
/// </summary>
public sealed class BrokenPbScenarioTests
{
    private const int Scenarios = 100;

    private static IEnumerable<TestCaseData> Members() =>
    [
        new TestCaseData(BrokenPb.AnswersBeforeBackup).SetArgDisplayNames("answers-before-backup"),
    ];

    [TestCaseSource(nameof(Members))]
    public void IsCaughtByAGeneratedScenarioAndShrunk(BrokenPb member)
    {
        PbVerdict? found = null;
        ulong seed = 1;
        for (; seed <= Scenarios && found is null; seed++)
        {
            var verdict = PbScenarioRunner.Run(PbScenarioGenerator.Generate(seed), member);
            if (verdict.Failed) found = verdict;
        }
        Assert.That(found, Is.Not.Null, $"{member} passed {Scenarios} generated scenarios");
        var (shrunk, runs) = PbShrinker.Shrink(found!, member);
        TestContext.Out.WriteLine($"{member}: caught at scenario {seed - 1}: {found!.Scenario}");
        TestContext.Out.WriteLine($"  shrunk in {runs} runs to: {shrunk}");
        Assert.That(shrunk.Failed, Is.True);
        Assert.That(PbScenarioGenerator.KeepsEventsApart(shrunk.Scenario), Is.True, "a shrunk scenario keeps events as far apart as generated ones");
        Assert.That((shrunk.Scenario.Clients, shrunk.Scenario.Faults.Count), Is.EqualTo((1, 1)), "shrunk to one client and one fault");
        Assert.That(shrunk.Scenario.Keys, Is.EqualTo(1));
    }
}
