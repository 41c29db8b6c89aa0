using KvService.Scenarios;
using KvService.Contract;
using System.Runtime.CompilerServices;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>
/// Each deliberately broken implementation is caught by the scenario property within the default number of scenarios,
/// and FsCheck's shrinking (through <see cref="Shrinker"/>) brings the counterexample down to a small one:
/// at most 2 clients, 3 operations per client, 2 keys and 2 fault events.
/// </summary>
public sealed class BrokenImplementationTests
{
    /// <summary>
    /// Zoo members the property cannot catch (and shrink) yet, and what the generator or the property needs first.
    /// Remove an entry when that is there: the test case then must pass.
    /// </summary>
    private static readonly Dictionary<Type, string> NotCaughtYet = new()
    {
    };

    public static IEnumerable<TestCaseData> Zoo => BrokenImplementations.Cases.Select(c =>
        NotCaughtYet.TryGetValue(c.Arguments[0]!.GetType(), out var reason) ? c.Ignore(reason) : c);

    [TestCaseSource(nameof(Zoo))]
    public void IsCaughtAndShrunkToASmallScenario(IKvImplementation broken, string bug)
    {
        var outcome = ScenarioProperty.Check(broken, ScenarioProperty.DefaultCount, ScenarioProperty.Seed);

        Assert.That(outcome.Passed, Is.False, $"{broken.Name} ({bug}) passed {outcome.Tests} scenarios");
        var shrunk = outcome.Shrunk!;
        var verdict = DeterminismCheck.Repeat(ScenarioRunner.Run(shrunk, broken), broken, RunOptions.Default);
        TestContext.Out.WriteLine($"{broken.Name}: caught at scenario {outcome.Tests} of {ScenarioProperty.DefaultCount}, " +
            $"shrunk in {outcome.Shrinks} steps from {outcome.Original!.Summary()}\nto {verdict.Describe()}");
        Assert.Multiple(() =>
        {
            Assert.That(verdict.Passed, Is.False, "the shrunk scenario still fails (run twice: it may fail by not replaying the same)");
            Assert.That(shrunk.Seed, Is.EqualTo(outcome.Original.Seed), "shrinking keeps the seed");
            // Forgetting a client on its Get needs that client's held-back copy: the shrinker drops clients from the end, and
            // dropping one before it renumbers it and changes which request is copied, so three clients may remain.
            Assert.That(shrunk.Clients, Is.LessThanOrEqualTo(broken is ForgetsClientOnGetKv ? 3 : 2), "clients");
            Assert.That(shrunk.OperationsPerClient, Is.LessThanOrEqualTo(3), "operations per client");
            Assert.That(shrunk.Keys, Is.LessThanOrEqualTo(2), "keys");
            Assert.That(shrunk.Faults, Has.Count.LessThanOrEqualTo(2), "fault events");
        });
    }

    [Test]
    public void ABlockingImplementationFailsThePropertyWithoutAShrinkThatWaitsOnEveryTry()
    {
        var run = new RunOptions { StallTimeout = TimeSpan.FromMilliseconds(200), StrictEscapeDetection = false }; // a block found only by the stall timeout
        var blocking = new BlockingClerkKv();

        var outcome = ScenarioProperty.Check(blocking, ScenarioProperty.DefaultCount, ScenarioProperty.Seed, run: run);

        Assert.That(outcome.Passed, Is.False);
        Assert.That(outcome.Blocked, Is.True);
        Assert.That(outcome.Shrunk, Is.EqualTo(outcome.Original), "a blocked scenario is reported as it was");
        Assert.That(blocking.Blocks, Is.EqualTo(1), "after the first blocked run no other run waits out the stall timeout");
    }

    [Test]
    public void AShrinkCandidateThatBlocksIsNotTakenForTheFailure()
    {
        // Gets answer wrongly when several clients run, and a lone client blocks: the failure found has several
        // clients, and the shrink towards one client must not turn it into a blocked run.
        var run = new RunOptions { StallTimeout = TimeSpan.FromMilliseconds(200), StrictEscapeDetection = false }; // a block found only by the stall timeout
        var implementation = new WrongWithManyBlockingAloneKv();
        var space = ScenarioSpace.Default with { Clients = new IntRange(2, 5) };

        var outcome = ScenarioProperty.Check(implementation, ScenarioProperty.DefaultCount, ScenarioProperty.Seed, space, run);

        Assert.That(outcome.Passed, Is.False);
        Assert.That(outcome.Blocked, Is.False, "the failure found did not block");
        Assert.That(outcome.Shrunk!.Clients, Is.GreaterThanOrEqualTo(2), "the shrunk failure is not the blocked candidate");
        Assert.That(ScenarioRunner.Run(outcome.Shrunk, implementation, run).Blocked, Is.False);
        Assert.That(implementation.Blocks, Is.LessThanOrEqualTo(2), "after a blocked candidate no other runs (one more: the check above)");
    }

    [TestCase(typeof(SimpleKv))]
    [TestCase(typeof(AsyncKv))]
    public void TheCorrectBasesOfTheBrokenOnesPass(Type correct)
    {
        var outcome = ScenarioProperty.Check((IKvImplementation)Activator.CreateInstance(correct)!, ScenarioProperty.Count, ScenarioProperty.Seed);

        Assert.That(outcome.Passed, Is.True, outcome.Message);
    }

    // The bugs that the property cannot find yet are there all the same: each is shown by a hand-made run, and its
    // correct base does not have it.

    [TestCase(typeof(SimpleKv), "x")]
    [TestCase(typeof(ForgetsClientOnGetKv), "xx")]
    public void AnOldDuplicateOfAnAppendArrivingAfterAGetOfItsClientIsExecutedAgainOnlyByTheServerThatForgets(Type type, string expected)
    {
        var value = RunAgainstServer(type, async (cluster, end) =>
        {
            var append = new AppendArgs("k", "x", 1, 1);
            await end.Call<AppendReply>("KvServer.Append", append);
            await end.Call<GetReply>("KvServer.Get", new GetArgs("k", 1, 2));
            await end.Call<AppendReply>("KvServer.Append", append); // the old duplicate, late
            return (await end.Call<GetReply>("KvServer.Get", new GetArgs("k", 2, 1))).Reply!.Value;
        });

        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase(typeof(AsyncKv), "x")]
    [TestCase(typeof(AwaitBeforeRecordKv), "xx")]
    public void ADuplicateArrivingWhileTheOriginalAwaitsIsExecutedAgainOnlyByTheServerThatRecordsLate(Type type, string expected)
    {
        var value = RunAgainstServer(type, async (cluster, end) =>
        {
            var append = new AppendArgs("k", "x", 1, 1);
            var sim = cluster.Simulation;
            var original = sim.Spawn(async () => await end.Call<AppendReply>("KvServer.Append", append), "original");
            var duplicate = sim.Spawn(async () => await end.Call<AppendReply>("KvServer.Append", append), "duplicate");
            await Task.WhenAll(original, duplicate);
            Assert.That(sim.Elapsed, Is.EqualTo(AsyncKvServer.FlushTime), "both arrived at once, and the original awaited the flush");
            return (await end.Call<GetReply>("KvServer.Get", new GetArgs("k", 2, 1))).Reply!.Value;
        });

        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase(typeof(AsyncKv), "x")]
    [TestCase(typeof(TwoStepPersistKv), "")]
    public void ACrashDuringTheFirstFlushLosesTheAcknowledgedAppendOnlyInTheServerThatWritesTwice(Type type, string expected)
    {
        var value = RunAgainstServer(type, async (cluster, end) =>
        {
            var append = new AppendArgs("k", "x", 1, 1);
            var sim = cluster.Simulation;
            var lost = sim.Spawn(async () => await end.Call<AppendReply>("KvServer.Append", append), "first try");
            await sim.Delay(AsyncKvServer.FlushTime / 2);
            cluster.CrashServer();
            cluster.RestartServer();
            await lost;
            var retry = await end.Call<AppendReply>("KvServer.Append", append);
            Assert.That((retry.Ok, retry.Reply?.OldValue), Is.EqualTo((true, "")), "the retry is acknowledged");
            return (await end.Call<GetReply>("KvServer.Get", new GetArgs("k", 2, 1))).Reply!.Value;
        });

        Assert.That(value, Is.EqualTo(expected));
    }

    [TestCase(typeof(SimpleKv), true)]
    [TestCase(typeof(RandomClientIdKv), false)]
    public void TwoRunsOfAScenarioAreTheSameRunOnlyWhenTheClerkUsesTheSimulationsRandomSource(Type type, bool same)
    {
        var implementation = (IKvImplementation)Activator.CreateInstance(type)!;
        var scenario = new Scenario { Seed = 5, Clients = 2, OperationsPerClient = 3, Keys = 1 };

        var (first, second) = (ScenarioRunner.Run(scenario, implementation), ScenarioRunner.Run(scenario, implementation));

        Assert.That((first.Passed, second.Passed), Is.EqualTo((true, true)), "otherwise correct");
        Assert.That(first.TraceHash == second.TraceHash, Is.EqualTo(same), $"trace hashes {first.TraceHashText} and {second.TraceHashText}");
    }

    /// <summary>Runs <paramref name="script"/> against the server of <paramref name="type"/> on a reliable network, with
    /// an end of its own to send raw requests, and returns what it returns.</summary>
    private static string RunAgainstServer(Type type, Func<KvService.Harness.KvCluster, ClientEnd, Task<string>> script)
    {
        using var cluster = new KvService.Harness.KvCluster((IKvImplementation)Activator.CreateInstance(type)!, 1);
        var end = cluster.Network.MakeEnd("raw");
        cluster.Network.Connect("raw", KvService.Harness.KvCluster.ServerName);
        cluster.Network.Enable("raw", true);
        string result = "";
        cluster.Simulation.Run(async () => result = await script(cluster, end));
        return result;
    }

    /// <summary>Its clerks' Gets answer a value never written when the run has several clients; a lone client blocks.</summary>
    private sealed class WrongWithManyBlockingAloneKv : SimpleKv
    {
        private readonly ConditionalWeakTable<Simulation, StrongBox<int>> _clerks = [];
        private int _blocks;

        public int Blocks => _blocks;

        public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers)
        {
            var count = _clerks.GetOrCreateValue(((Node)runtime).Simulation);
            count.Value++;
            return new Clerk(this, count, new KvService.Reference.KvClerk(runtime, servers));
        }

        private sealed class Clerk(WrongWithManyBlockingAloneKv owner, StrongBox<int> clerks, KvService.Reference.KvClerk inner) : IKvClerk
        {
            public async Task<string> GetAsync(string key)
            {
                await inner.GetAsync(key);
                AloneBlocks();
                return "never written";
            }

            public async Task PutAsync(string key, string value)
            {
                await inner.PutAsync(key, value);
                AloneBlocks();
            }

            public async Task<string> AppendAsync(string key, string arg)
            {
                string old = await inner.AppendAsync(key, arg);
                AloneBlocks();
                return old;
            }

            // By the time a reply arrives every client's clerk has been made.
            private void AloneBlocks()
            {
                if (clerks.Value > 1) return;
                Interlocked.Increment(ref owner._blocks);
                new TaskCompletionSource().Task.Wait();
            }
        }
    }
}
