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
            Run = new RunOptions { StallTimeout = TimeSpan.FromMilliseconds(300) },
        };

        var result = ScenarioSweep.Run(implementation, options);

        Assert.That(result.StoppedBlocked, Is.True);
        Assert.That(result.FirstFailure!.Blocked, Is.True, "the reported failure is the blocked run");
    }

    /// <summary>In the sweep's scenario 0 the clerk takes real time over its first operations (less than the stall timeout
    /// each) and its Gets answer a value never written; in every other scenario the clerk blocks its thread.</summary>
    private sealed class SlowWrongFirstThenBlockingKv : SimpleKv
    {
        private int _slowSteps = 4;

        public override IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers)
        {
            var inner = new KvClerk(simulation, servers);
            return simulation.Seed == ScenarioGenerator.SeedOf(SweepOptions.DefaultSeed, 0) ? new SlowWrong(this, inner) : new Blocking(inner);
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
