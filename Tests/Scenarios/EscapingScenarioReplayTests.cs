using KvService.Scenarios;

namespace LabRpc.Tests.Scenarios;

/// <summary>A scenario that fails because the implementation escaped to the thread pool replays exactly.</summary>
public sealed class EscapingScenarioReplayTests
{
    private static readonly Scenario OnePut = new() { Seed = 4, Clients = 2, OperationsPerClient = 4, Keys = 2, Mix = new OperationMix(0, 1, 0) };

    [Test]
    public void AnEscapeFailureReplaysWithTheSameTraceHashAndMessageEveryTime()
    {
        var implementation = new EscapingClerkKv();
        var outcomes = new HashSet<(ulong Hash, string Violation)>();
        for (int attempt = 0; attempt < 6; attempt++)
        {
            implementation.WorkDoneBeforeTheAwait = attempt % 2 == 1; // both ways its race can go
            var verdict = ScenarioRunner.Run(OnePut, implementation, new RunOptions { StrictEscapeDetection = true });

            Assert.That(verdict.Failed, Is.True);
            Assert.That(verdict.Violations[0].Message, Does.Contain("SimulationEscapeException").And.Contain("thread pool"));
            outcomes.Add((verdict.TraceHash, verdict.Violations[0].Message));
        }

        Assert.That(outcomes, Has.Count.EqualTo(1), string.Join("\n", outcomes.Select(o => Verdict.FormatHash(o.Hash))));
    }

    [Test]
    public void AnEscapeFailureIsNotMistakenForNondeterminismInASweep()
    {
        var implementation = new EscapingClerkKv { WorkDoneBeforeTheAwait = true };
        var options = new SweepOptions
        {
            Scenarios = 4, Parallelism = 2, RepeatEvery = 1,
            Space = ScenarioSpace.Default with { Faults = FaultKinds.None, OperationsPerClient = new IntRange(10, 10) },
            Run = new RunOptions { StrictEscapeDetection = true },
        };

        var result = ScenarioSweep.Run(implementation, options);

        Assert.That(result.Failed, Is.GreaterThan(0));
        Assert.That(result.Repeated, Is.EqualTo(4), "every scenario ran twice");
        Assert.That(result.Nondeterministic, Is.Zero, result.FirstFailure?.Describe());
    }
}
