using KvService.Contract;
using KvService.Model;
using KvService.Reference;
using KvService.Scenarios;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

public sealed class ScenarioRunnerTests
{
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static Scenario Small(params FaultEvent[] faults) => new()
    {
        Seed = 7, Clients = 1, OperationsPerClient = 1, Keys = 1, Mix = new OperationMix(0, 0, 1), MaxThinkTime = TimeSpan.Zero, Faults = faults,
    };

    [Test]
    public void TheSameScenarioReplaysTheSameRun()
    {
        var scenario = ScenarioGenerator.Generate(42);
        var first = ScenarioRunner.Run(scenario, new SimpleKv());
        var second = ScenarioRunner.Run(scenario, new SimpleKv());

        Assert.That(second.TraceHash, Is.EqualTo(first.TraceHash));
        Assert.That(second.History, Is.EqualTo(first.History));
        Assert.That(second.Counts, Is.EqualTo(first.Counts));
    }

    [Test]
    public void ADiagnosticRunIsTheSameRunWithItsLogKept()
    {
        var scenario = Scenario.Standard(3);
        var plain = ScenarioRunner.Run(scenario, new SimpleKv());
        var diagnostic = ScenarioRunner.Run(scenario, new SimpleKv(), RunOptions.Diagnostic);

        Assert.That(diagnostic.TraceHash, Is.EqualTo(plain.TraceHash));
        Assert.That(plain.Log, Is.Null);
        Assert.That(diagnostic.Log, Does.Contain("s kvserver#1] ").And.Contain("request dropped").And.Contain("server crashes after executing call")
            .And.Contain("client 4: calls"));
    }

    [Test]
    public void RecordsEveryClientOperationThenOneFinalReadPerKey()
    {
        var scenario = Small() with { Clients = 3, OperationsPerClient = 4, Keys = 2, Mix = OperationMix.Even };
        var verdict = ScenarioRunner.Run(scenario, new SimpleKv());

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Operations, Is.EqualTo(3 * 4 + 2));
        Assert.That(verdict.History.Where(op => op.ClientId == 3).Select(op => op.Input), Is.EqualTo(new[] { KvInput.Get("k0"), KvInput.Get("k1") }));
        Assert.That(verdict.History.All(op => op.Return > op.Call), Is.True, "every event has its own time, in order");
    }

    [TestCase(CrashMoment.AtTime)]
    [TestCase(CrashMoment.OnArrival)]
    [TestCase(CrashMoment.AfterExecution)]
    [TestCase(CrashMoment.AfterReply)]
    public void ACrashAtEachMomentHappensOnceAndTheServerComesBackFromItsPersister(CrashMoment moment)
    {
        var verdict = ScenarioRunner.Run(Small(new ServerCrash(TimeSpan.Zero, 50 * Ms, moment)) with { OperationsPerClient = 2 },
            new SimpleKv(), RunOptions.Diagnostic);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Crashes, Is.EqualTo(1));
        Assert.That(verdict.Log, Does.Contain("server restarts from its persister (incarnation 2)"));
    }

    [Test]
    public void ACrashAfterExecutionTakesEffectButItsReplyNeverLeaves()
    {
        var verdict = ScenarioRunner.Run(Small(new ServerCrash(TimeSpan.Zero, 50 * Ms, CrashMoment.AfterExecution)), new SimpleKv());

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Rpcs, Is.GreaterThanOrEqualTo(3), "the append, at least one resend while the server is down or after, the final read");
        Assert.That(verdict.History[0].Return, Is.GreaterThanOrEqualTo(50 * Ms.Ticks * 100), "the append returns once the server is back");
        Assert.That(verdict.History[1].Output, Is.EqualTo(new KvOutput("[0.0]")), "the final read sees it once");
    }

    [Test]
    public void AnIsolatedClientWaitsUntilItIsReconnected()
    {
        var verdict = ScenarioRunner.Run(Small(new ClientIsolation(TimeSpan.Zero, 300 * Ms, Client: 0)), new SimpleKv());

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.History[0].Return, Is.GreaterThanOrEqualTo(300 * Ms.Ticks * 100));
    }

    [Test]
    public void NetworkWindowsDropAndDuplicateWhileTheyAreOpen()
    {
        var scenario = Small(new DropsAndDelays(TimeSpan.Zero, TimeSpan.FromSeconds(5), 0.3, 0.3, 20 * Ms), new DuplicateRequests(TimeSpan.Zero, TimeSpan.FromSeconds(5), 0.5))
            with { Clients = 2, OperationsPerClient = 20, Mix = OperationMix.Even };
        var verdict = ScenarioRunner.Run(scenario, new SimpleKv());

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Drops, Is.GreaterThan(0));
        Assert.That(verdict.Counts.Duplicates, Is.GreaterThan(0));
        Assert.That(verdict.Counts.FaultsInjected, Is.EqualTo(2));
    }

    [Test]
    public void TheScheduleEndBringsTheServerBackEvenIfItsDowntimeIsNotOver()
    {
        // The client is cut off until 500 ms; its request then crashes the server for a second, but the schedule ends
        // at 1 s (the crash's window is from 0 to 1 s), so the server is back at 1 s, not 1.5 s.
        var scenario = Small(new ServerCrash(TimeSpan.Zero, TimeSpan.FromSeconds(1), CrashMoment.OnArrival), new ClientIsolation(TimeSpan.Zero, 500 * Ms, 0));
        var verdict = ScenarioRunner.Run(scenario, new SimpleKv());

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Crashes, Is.EqualTo(1));
        Assert.That(verdict.History[0].Return, Is.InRange(1000 * Ms.Ticks * 100, 1100 * Ms.Ticks * 100));
    }

    [Test]
    public void AnOperationThatNeverReturnsIsUnknownAndALivenessViolation()
    {
        var verdict = ScenarioRunner.Run(Small(), new SilentKv());

        Assert.That(verdict.Passed, Is.False);
        Assert.That(verdict.Violations.Select(v => v.Kind), Is.EqualTo(new[] { ViolationKind.Liveness, ViolationKind.Liveness }));
        Assert.That(verdict.Violations[0].Message, Does.StartWith("client 0's append(\"k0\", \"[0.0]\") → ?, called at 0ms, had not returned by 10s"));
        Assert.That(verdict.Violations[1].Message, Does.StartWith("the final read get(\"k0\") → ?"));
        Assert.That(verdict.History.Select(op => op.IsOutcomeKnown), Is.EqualTo(new[] { false, false }));
    }

    [Test]
    public void AHandlerThatThrowsGivesAFailedVerdictAndKeepsTheHistorySoFar()
    {
        var verdict = ScenarioRunner.Run(Small() with { OperationsPerClient = 3, Mix = OperationMix.Even }, new ThrowingKv());

        Assert.That(verdict.Passed, Is.False);
        Assert.That(verdict.Violations[0].Kind, Is.EqualTo(ViolationKind.RunFailed));
        Assert.That(verdict.Violations[0].Message, Does.StartWith("RpcHandlerException: Handler KvServer.Append on server 'kvserver'").And.Contain("no appends today"));
        Assert.That(verdict.History, Is.Not.Empty);
    }

    [Test]
    public void AClerkThatThrowsIsReportedAndItsOperationStaysUnknown()
    {
        var verdict = ScenarioRunner.Run(Small(), new ThrowingClerkKv());

        Assert.That(verdict.Violations.Select(v => v.Kind), Has.Member(ViolationKind.RunFailed));
        Assert.That(verdict.Violations.First(v => v.Kind == ViolationKind.RunFailed).Message,
            Does.StartWith("client 0's append(\"k0\", \"[0.0]\"), called at 0ms, threw InvalidOperationException at 0ms: clerk gave up"));
        Assert.That(verdict.History[0].IsOutcomeKnown, Is.False);
    }

    [Test]
    public void ALongWorkloadRunsEveryOperation()
    {
        // One deadline for the whole run used to cut a long workload short, and the final reads then read a client's record.
        var scenario = Small() with { Clients = 2, OperationsPerClient = 3000, Keys = 2, Mix = OperationMix.Even, MaxThinkTime = 20 * Ms };

        var verdict = ScenarioRunner.Run(scenario, new ReferenceKv());

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That((verdict.Counts.Operations, verdict.Counts.Completed), Is.EqualTo((2 * 3000 + 2, 2 * 3000 + 2)));
    }

    [TestCase(CrashMoment.BeforeWrite, 1)]
    [TestCase(CrashMoment.AfterWrite, 1)]
    [TestCase(CrashMoment.AfterWrite, 2)]
    public void ACrashAtAPersisterCallOfARequestCutsTheRequestThere(CrashMoment moment, int write)
    {
        var verdict = ScenarioRunner.Run(Small(new ServerCrash(TimeSpan.Zero, 50 * Ms, moment, write)) with { OperationsPerClient = 2 },
            new ReferenceKv(), RunOptions.Diagnostic);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Crashes, Is.EqualTo(1));
        Assert.That(verdict.Log, Does.Contain($"server crashes just {(moment == CrashMoment.BeforeWrite ? "before" : "after")} the ")
            .And.Contain($"persister call {write} of call 1 (KvServer.Append from clerk0)"));
    }

    [Test]
    public void AnOperationPastItsDeadlineIsNamedWithTheHandlerThatNeverReturned()
    {
        var verdict = ScenarioRunner.Run(Small() with { LivenessTimeout = TimeSpan.FromSeconds(2) }, new SilentKv());

        var liveness = verdict.Violations.Where(v => v.Kind == ViolationKind.Liveness).Select(v => v.Message).ToList();
        Assert.That(liveness, Has.Count.EqualTo(2), "the client's append and the final read");
        Assert.That(liveness[0], Does.StartWith("client 0's append(\"k0\", \"[0.0]\")").And.Contain("had not returned by 2s: 2s after its call")
            .And.Contain("handler running on server 'kvserver' (node 'kvserver#1') has not returned"));
    }

    [Test]
    public void ARequestDelayLongerThanASecondIsRejected()
    {
        var delays = new DropsAndDelays(TimeSpan.Zero, 10 * Ms, 0, 0, TimeSpan.FromSeconds(60));
        Assert.That(() => ScenarioRunner.Run(Small(delays), new SimpleKv()), Throws.ArgumentException.With.Message.Contains("request delays within 0..1s"));
    }

    [Test]
    public void AHandlerThatFailsAfterItsServerCrashedAtAPersisterCallIsNotBlamed()
    {
        // The server reads back what it saved and throws if it is not there: after a crash just before the write, the rest of
        // the handler runs on a dead node and throws, which is lost with the node, as on a real machine.
        var verdict = ScenarioRunner.Run(Small(new ServerCrash(TimeSpan.Zero, 50 * Ms, CrashMoment.BeforeWrite, 1)), new ReadBackKv());

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Crashes, Is.EqualTo(1));
    }

    [TestCase(101, 1, "at most 100")]
    [TestCase(2, 10_001, "0 to 10,000 operations")]
    [TestCase(4, 6_000, "at most 10,000 operations in all")]
    public void AScenarioBeyondTheLimitsIsRejectedBeforeItRuns(int clients, int operations, string message)
    {
        Assert.That(() => ScenarioRunner.Run(Small() with { Clients = clients, OperationsPerClient = operations }, new SimpleKv()),
            Throws.ArgumentException.With.Message.Contains(message));
    }

    [Test]
    public void HeldBackDuplicatesReachTheServerAfterTheClientsLaterRequests()
    {
        var scenario = Small(new DuplicateRequests(TimeSpan.Zero, TimeSpan.FromSeconds(1), 1.0, TimeSpan.FromMilliseconds(500))) with
        {
            OperationsPerClient = 10, Mix = OperationMix.Even, MaxThinkTime = 5 * Ms,
        };

        var verdict = ScenarioRunner.Run(scenario, new ReferenceKv(), RunOptions.Diagnostic);

        Assert.That(verdict.Passed, Is.True, verdict.Describe());
        Assert.That(verdict.Counts.Duplicates, Is.GreaterThanOrEqualTo(10));
        int copy = verdict.Log!.IndexOf("call 1 KvServer.Append: handler starts on kvserver (duplicate)", StringComparison.Ordinal);
        int third = verdict.Log.IndexOf("call 3 KvServer.Append: handler starts on kvserver", StringComparison.Ordinal);
        int finalRead = verdict.Log.IndexOf("the final read: calls", StringComparison.Ordinal);
        Assert.That(new[] { third, copy, finalRead }, Is.Ordered.Ascending.And.All.GreaterThan(0),
            "the copy of the first request reaches the server after the client's third request, and before the final reads");
    }

    [Test]
    public void AnInvalidScenarioIsRejectedWithAReason()
    {
        Assert.That(() => ScenarioRunner.Run(Small(new ClientIsolation(TimeSpan.Zero, Ms, Client: 3)), new SimpleKv()),
            Throws.ArgumentException.With.Message.Contains("Client 3 does not exist"));
    }

    /// <summary>A server whose handlers never answer.</summary>
    private sealed class SilentKv : IKvImplementation
    {
        public string Name => "silent";

        public Server CreateServer(IRuntime runtime, Persister persister)
        {
            var server = new Server();
            server.AddService(new Service(new SilentServer(), "KvServer"));
            return server;
        }

        public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);
    }

    private sealed class SilentServer
    {
        public Task<GetReply> Get(GetArgs args) => new TaskCompletionSource<GetReply>().Task;

        public Task<PutReply> Put(PutArgs args) => new TaskCompletionSource<PutReply>().Task;

        public Task<AppendReply> Append(AppendArgs args) => new TaskCompletionSource<AppendReply>().Task;
    }

    private sealed class ReadBackKv : SimpleKv
    {
        protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new ReadBack(runtime, persister);
    }

    private sealed class ReadBack(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override void Persist()
        {
            base.Persist();
            if (Persister.ReadState().Length == 0) throw new InvalidOperationException("the state just saved is not there");
        }
    }

    private sealed class ThrowingKv : SimpleKv
    {
        protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Throwing(runtime, persister);
    }

    private sealed class Throwing(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override void Persist() => throw new InvalidOperationException("no appends today");
    }

    private sealed class ThrowingClerkKv : IKvImplementation
    {
        public string Name => "throwing clerk";

        public Server CreateServer(IRuntime runtime, Persister persister) => new SimpleKv().CreateServer(runtime, persister);

        public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new Quitter();
    }

    private sealed class Quitter : IKvClerk
    {
        public Task<string> GetAsync(string key) => throw new InvalidOperationException("clerk gave up");

        public Task PutAsync(string key, string value) => throw new InvalidOperationException("clerk gave up");

        public Task<string> AppendAsync(string key, string arg) => throw new InvalidOperationException("clerk gave up");
    }
}
