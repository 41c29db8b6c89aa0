using KvService.Contract;
using KvService.Reference;
using KvService.Scenarios;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

public sealed class ShrinkerTests
{
    private static int Size(Scenario s) =>
        s.Clients + s.OperationsPerClient + s.Keys + s.Faults.Count + s.Mix.Total + (int)s.MaxThinkTime.TotalMilliseconds
        + s.Faults.Sum(f => (int)f.At.TotalMilliseconds + (int)f.Duration.TotalMilliseconds)
        + s.Faults.Sum(f => f switch { DuplicateRequests { Rate: < 1 } => 1, ServerCrash c => c.WriteNumber - 1, _ => 0 }); // a chance is less simple than a certainty

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
    public void ARunStoppedByTheMemoryBudgetIsNotShrunk()
    {
        // The budget counts the whole process: a smaller candidate could spend it for reasons of its own.
        var run = new RunOptions { MaxManagedMemory = 16 << 20 };
        var failure = ScenarioRunner.Run(new Scenario { Seed = 3, Clients = 3, OperationsPerClient = 2000, Keys = 2 }, new HoardingKv(), run);
        Assert.That(failure.Violations[0].Message, Does.Contain("Memory budget spent"));

        var shrunk = Shrinker.Shrink(failure, new HoardingKv(), run);

        Assert.That((Shrinker.CanShrink(failure), shrunk.Scenario, shrunk.Runs), Is.EqualTo((false, failure.Scenario, 0)));
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

    /// <summary>The first failing verdict of a sweep-like walk over the default scenarios.</summary>
    private static Verdict FirstFailure(IKvImplementation implementation, RunOptions run, ScenarioSpace? space = null)
    {
        for (int i = 0; ; i++)
        {
            var verdict = ScenarioRunner.Run(ScenarioGenerator.Generate(ScenarioGenerator.SeedOf(SweepOptions.DefaultSeed, i), space ?? ScenarioSpace.Default), implementation, run);
            if (verdict.Failed) return verdict;
        }
    }

    [Test]
    public void ABlockCaughtAtOnceByStrictDetectionIsShrunkLikeAnyFailure()
    {
        var run = new RunOptions { StrictEscapeDetection = true, StallTimeout = TimeSpan.FromMinutes(5) };
        var blocking = new BlockingClerkKv();
        var failure = FirstFailure(blocking, run, ScenarioSpace.Default with { Clients = new IntRange(1, 3), OperationsPerClient = new IntRange(1, 8) });
        Assume.That(failure.Blocked, Is.False, "strict detection saw the .Wait() at once");

        var watch = System.Diagnostics.Stopwatch.StartNew();
        var result = Shrinker.Shrink(failure, blocking, run);
        TestContext.Out.WriteLine($"{result.Runs} runs, {result.Steps} steps in {watch.Elapsed.TotalSeconds:0.00} s, from {failure.Scenario.Summary()}");

        Assert.That(Shrinker.CanShrink(failure), Is.True);
        Assert.That(result.Steps, Is.GreaterThan(0));
        Assert.That(result.StoppedBlocked, Is.False);
        var small = result.Scenario;
        Assert.That(Size(small), Is.LessThan(Size(failure.Scenario)));
        Assert.That((small.Clients, small.OperationsPerClient), Is.EqualTo((1, 1)), "one Put blocks");
        var again = ScenarioRunner.Run(small, blocking, run);
        Assert.That(again.Failed, Is.True);
        Assert.That(again.Violations[0].Message, Does.Contain("waiting for an unfinished task"));
    }

    [Test]
    public void ABlockThatWaitedOutTheStallTimeoutIsNotShrunk()
    {
        var run = new RunOptions { StrictEscapeDetection = false, StallTimeout = TimeSpan.FromMilliseconds(200) };
        var blocking = new BlockingClerkKv();
        var failure = FirstFailure(blocking, run);
        int blocksBefore = blocking.Blocks;

        var result = Shrinker.Shrink(failure, blocking, run);

        Assert.That(failure.Blocked, Is.True);
        Assert.That(Shrinker.CanShrink(failure), Is.False);
        Assert.That((result.Runs, result.Scenario), Is.EqualTo((0, failure.Scenario)));
        Assert.That(blocking.Blocks, Is.EqualTo(blocksBefore), "nothing more was run");
    }

    [Test]
    public void AShrinkCandidateThatWaitsOutTheStallTimeoutStopsTheShrink()
    {
        // Wrong with several clients; a lone client blocks until the stall timeout: the shrink towards one client meets it.
        var run = new RunOptions { StrictEscapeDetection = false, StallTimeout = TimeSpan.FromMilliseconds(200) };
        var implementation = new WrongTogetherBlockingAloneKv();
        var failure = FirstFailure(implementation, run, ScenarioSpace.Default with { Clients = new IntRange(2, 5) });
        Assume.That(failure.Blocked, Is.False);

        var result = Shrinker.Shrink(failure, implementation, run);

        Assert.That(result.StoppedBlocked, Is.True);
        Assert.That(implementation.Blocks, Is.EqualTo(1), "no try after the one that blocked");
        Assert.That(result.Scenario.Clients, Is.GreaterThanOrEqualTo(2), "the blocked candidate is not taken");
    }

    [Test]
    public void ANondeterministicFailureShrinksToAScenarioWhoseRunsStillDiffer()
    {
        var implementation = new RandomClientIdKv();
        var run = RunOptions.Default;
        var scenario = ScenarioGenerator.Generate(ScenarioGenerator.SeedOf(SweepOptions.DefaultSeed, 0));
        var failure = DeterminismCheck.Repeat(ScenarioRunner.Run(scenario, implementation, run), implementation, run);
        Assume.That(DeterminismCheck.IsNondeterministic(failure), Is.True);

        var result = Shrinker.Shrink(failure, implementation, run);

        Assert.That(Size(result.Scenario), Is.LessThan(Size(scenario)));
        var again = DeterminismCheck.Repeat(ScenarioRunner.Run(result.Scenario, implementation, run), implementation, run);
        Assert.That(DeterminismCheck.IsNondeterministic(again), Is.True);
    }

    /// <summary>Gets answer a value never written when the run has several clients; a lone client's clerk blocks its thread.</summary>
    private sealed class WrongTogetherBlockingAloneKv : SimpleKv
    {
        private readonly System.Runtime.CompilerServices.ConditionalWeakTable<Simulation, System.Runtime.CompilerServices.StrongBox<int>> _clerks = [];
        private int _blocks;

        public int Blocks => _blocks;

        public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers)
        {
            var count = _clerks.GetOrCreateValue(((Node)runtime).Simulation);
            count.Value++;
            return new Clerk(this, count, new KvClerk(runtime, servers));
        }

        private sealed class Clerk(WrongTogetherBlockingAloneKv owner, System.Runtime.CompilerServices.StrongBox<int> clerks, KvClerk inner) : IKvClerk
        {
            public async Task<string> GetAsync(string key)
            {
                await inner.GetAsync(key);
                Alone();
                return "never written";
            }

            public async Task PutAsync(string key, string value)
            {
                await inner.PutAsync(key, value);
                Alone();
            }

            public async Task<string> AppendAsync(string key, string arg)
            {
                string old = await inner.AppendAsync(key, arg);
                Alone();
                return old;
            }

            // By the time a reply arrives every client's clerk has been made (the final reader's comes later).
            private void Alone()
            {
                if (clerks.Value > 1) return;
                Interlocked.Increment(ref owner._blocks);
                new TaskCompletionSource().Task.Wait();
            }
        }
    }
}
