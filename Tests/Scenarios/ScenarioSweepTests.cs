using KvService.Contract;
using KvService.Reference;
using KvService.Scenarios;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

public sealed class ScenarioSweepTests
{
    [Test]
    public void ASweepCountsItsScenariosWithoutAProgressCallback()
    {
        var result = ScenarioSweep.Run(new ReferenceKv(), new SweepOptions { Scenarios = 5, Parallelism = 2 });

        Assert.That(result.Scenarios, Is.EqualTo(5));
        Assert.That(result.Failed, Is.Zero);
        Assert.That(result.Totals.Operations, Is.GreaterThan(0));
    }

    [Test]
    public void ABlockedRunIsTheFailureReportedEvenWhenALowerNumberedScenarioFailsOtherwise()
    {
        // Scenario 0 fails without blocking (no duplicate detection, on an unreliable network) while a later one blocks;
        // the blocked one must be reported, and marked, whatever order the two finish in.
        var implementation = new SlowWrongFirstThenBlockingKv();
        var options = new SweepOptions
        {
            Scenarios = 6,
            Parallelism = 2,
            Space = ScenarioSpace.Default with { Faults = FaultKinds.Unreliable, FaultEvents = new IntRange(1, 1), Clients = new IntRange(3, 3), OperationsPerClient = new IntRange(10, 10) },
            Run = new RunOptions { StallTimeout = TimeSpan.FromMilliseconds(300), StrictEscapeDetection = false }, // found by the stall timeout only
        };

        var result = ScenarioSweep.Run(implementation, options);

        Assert.That(result.StoppedBlocked, Is.True);
        Assert.That(result.FirstFailure!.Blocked, Is.True, "the reported failure is the blocked run");
    }

    private static readonly ScenarioSpace Small = ScenarioSpace.Default with { Clients = new IntRange(1, 3), OperationsPerClient = new IntRange(1, 8) };

    [Test]
    public void AClerkWithAnUnseededClientIdFailsTheSweepAsNondeterministicAtTheStepWhereRunsDiverge()
    {
        var result = ScenarioSweep.Run(new RandomClientIdKv(), new SweepOptions { Scenarios = 3, Parallelism = 2, Space = Small });

        Assert.That(result.Nondeterministic, Is.GreaterThan(0));
        Assert.That(result.Failed, Is.EqualTo(result.Nondeterministic), "a nondeterministic scenario is a failed one");
        Assert.That(result.FirstFailureIndex, Is.Zero, "scenario 0 always runs twice");
        var violation = result.FirstFailure!.Violations.Single();
        Assert.That(violation.Kind, Is.EqualTo(ViolationKind.Nondeterministic));
        Assert.That(result.FirstFailure.Headline, Is.EqualTo("nondeterministic"));
        // The first request carries the random client id: the step that sends it is where the runs part.
        Assert.That(violation.Message, Does.Contain("different trace hashes").And.Contain("Random.Shared")
            .And.Contain("runtime.Random").And.Not.Contain("sim.Random")
            .And.Match(@"first diverged at step \d+ at [\d.]+s on node clerk\d#1: both runs ran .*but it did something different"));
    }

    [Test]
    public void ADeterministicImplementationRunTwiceRaisesNoAlarm()
    {
        var result = ScenarioSweep.Run(new SimpleKv(), new SweepOptions { Scenarios = 12, Parallelism = 2, RepeatEvery = 1 });

        Assert.That(result.Repeated, Is.EqualTo(12));
        Assert.That(result.Nondeterministic, Is.Zero);
        Assert.That(result.Failed, Is.Zero, result.FirstFailure?.Describe());
    }

    [Test]
    public void TheSweepRunsTheFirstAndEveryNthScenarioTwice()
    {
        var every10 = ScenarioSweep.Run(new SimpleKv(), new SweepOptions { Scenarios = 25, Parallelism = 2, Space = Small });
        var never = ScenarioSweep.Run(new SimpleKv(), new SweepOptions { Scenarios = 25, Parallelism = 2, Space = Small, RepeatEvery = 0 });

        Assert.That(every10.Repeated, Is.EqualTo(3), "scenarios 0, 10 and 20");
        Assert.That(never.Repeated, Is.Zero);
    }

    [Test]
    public void EveryFailingScenarioRunsTwice()
    {
        var options = new SweepOptions { Scenarios = 10, Parallelism = 2, RepeatEvery = 1000, Space = ScenarioSpace.Default with { Faults = FaultKinds.Unreliable } };

        var result = ScenarioSweep.Run(new NoDuplicateTableKv(), options);

        Assert.That(result.Failed, Is.GreaterThan(1));
        Assert.That(result.Repeated, Is.EqualTo(result.Failed + (ScenarioFailedAt0(result) ? 0 : 1)), "the failing ones, and scenario 0");
        Assert.That(result.Nondeterministic, Is.Zero);
    }

    private static bool ScenarioFailedAt0(KvService.Labs.SweepResult<Verdict> result) => result.FirstFailureIndex == 0;

    [Test]
    public void UndecidedVerdictsAreCountedApartNeitherPassedNorFailed()
    {
        // A checker with no time at all decides nothing.
        var options = new SweepOptions { Scenarios = 4, Parallelism = 2, Space = Small, Run = new RunOptions { CheckTimeout = TimeSpan.Zero } };

        var result = ScenarioSweep.Run(new SimpleKv(), options);

        Assert.That((result.Unknown, result.Failed, result.Passed), Is.EqualTo((4, 0, 0)));
        Assert.That(result.AllPassed, Is.False);
        Assert.That(result.FirstFailure, Is.Null);
        Assert.That(result.FirstUnknownIndex, Is.Zero);
        Assert.That(result.FirstUnknown!.Unknown, Is.True);
    }

    [Test]
    public void ABlockCaughtAtOnceByStrictDetectionDoesNotStopTheSweep()
    {
        var options = new SweepOptions
        {
            Scenarios = 6, Parallelism = 2, Space = Small,
            Run = new RunOptions { StrictEscapeDetection = true, StallTimeout = TimeSpan.FromMinutes(5) },
        };

        var result = ScenarioSweep.Run(new BlockingClerkKv(), options);

        Assert.That(result.StoppedBlocked, Is.False);
        Assert.That(result.Scenarios, Is.EqualTo(6), "every scenario ran");
        Assert.That(result.Failed, Is.GreaterThan(0));
        Assert.That(result.FirstFailure!.Blocked, Is.False, "no stall timeout was waited out");
        Assert.That(result.FirstFailure.Violations[0].Message, Does.Contain("SimulationBlockedException").And.Contain("waiting for an unfinished task"));
        Assert.That(result.Nondeterministic, Is.Zero, "its replay stops at the same step");
    }

    /// <summary>In the sweep's scenario 0 the clerk takes real time over its first operations (less than the stall timeout
    /// each) and its Gets answer a value never written; in every other scenario the clerk blocks its thread.</summary>
    private sealed class SlowWrongFirstThenBlockingKv : SimpleKv
    {
        private int _slowSteps = 4;

        public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers)
        {
            var inner = new KvClerk(runtime, servers);
            return ((Node)runtime).Simulation.Seed == ScenarioGenerator.SeedOf(SweepOptions.DefaultSeed, 0) ? new SlowWrong(this, inner) : new Blocking(inner);
        }

        private sealed class SlowWrong(SlowWrongFirstThenBlockingKv owner, KvClerk inner) : IKvClerk
        {
            public async Task<string> GetAsync(string key)
            {
                await inner.GetAsync(key);
                Slow();
                return "never written";
            }

            public Task PutAsync(string key, string value)
            {
                Slow();
                return inner.PutAsync(key, value);
            }

            public Task<string> AppendAsync(string key, string arg)
            {
                Slow();
                return inner.AppendAsync(key, arg);
            }

            private void Slow()
            {
                if (Interlocked.Decrement(ref owner._slowSteps) >= 0) Thread.Sleep(150);
            }
        }

        private sealed class Blocking(KvClerk inner) : IKvClerk
        {
            public Task<string> GetAsync(string key) => Task.FromResult(inner.GetAsync(key).Result);

            public Task PutAsync(string key, string value)
            {
                inner.PutAsync(key, value).Wait();
                return Task.CompletedTask;
            }

            public Task<string> AppendAsync(string key, string arg) => Task.FromResult(inner.AppendAsync(key, arg).Result);
        }
    }
}
