using KvService.Scenarios;

namespace LabRpc.Tests.Scenarios;

/// <summary>A run stopped by a budget gives a failed verdict that names the budget.</summary>
public sealed class BudgetVerdictTests
{
    private static readonly Scenario Busy = new() { Seed = 3, Clients = 3, OperationsPerClient = 2000, Keys = 2 };

    [Test]
    public void ARunPastTheMemoryBudgetFailsWithAVerdictThatSaysSo()
    {
        var verdict = ScenarioRunner.Run(Busy, new HoardingKv(), new RunOptions { MaxManagedMemory = 16 << 20 });

        Assert.That(verdict.Failed, Is.True, $"{verdict.Counts.Steps} steps");
        Assert.That(verdict.Violations[0].Kind, Is.EqualTo(ViolationKind.RunFailed));
        Assert.That(verdict.Violations[0].Message, Does.Contain("SimulationBudgetException: Memory budget spent").And.Contain("MaxManagedMemory"));
    }

    [Test]
    public void ASweepDoesNotRepeatARunStoppedByTheMemoryBudget()
    {
        // Which step notices the budget depends on the whole process: a second run could stop elsewhere, which is not the
        // implementation's nondeterminism.
        var options = new SweepOptions
        {
            Scenarios = 2, Parallelism = 1, RepeatEvery = 1,
            Space = ScenarioSpace.Default with { OperationsPerClient = new IntRange(2000, 2000), Clients = new IntRange(3, 3) },
            Run = new RunOptions { MaxManagedMemory = 16 << 20 },
        };

        var result = ScenarioSweep.Run(new HoardingKv(), options);

        Assert.That(result.Failed, Is.EqualTo(2));
        Assert.That((result.Repeated, result.Nondeterministic), Is.EqualTo((0, 0)));
    }
}
