using LabRpc.Diagram;
using LabRpc.Raft.Reference;
using LabRpc.Raft.Suite;
using LabRpc.Raft.Tester;
using LabRpc.Raft.Zoo;

namespace LabRpc.Tests.Raft;

/// <summary>The tester itself: one seed replays one run, and an implementation that throws or never elects gets a
/// verdict that says what happened.</summary>
public sealed class RaftTesterTests
{
    [Test]
    public void TheSameSeedRunsTheSameWay()
    {
        static (ulong Hash, long Steps) RunOnce()
        {
            using var tester = new RaftTester(new ReferenceRaftImplementation(), 5, reliable: false, snapshot: true, seed: 42);
            tester.Run(async t =>
            {
                for (int i = 0; i < 25; i++) await t.One(t.RandomCommand(), t.Servers, retry: true);
                t.Crash(await t.CheckOneLeader());
                for (int i = 0; i < 5; i++) await t.One(t.RandomCommand(), t.Servers - 1, retry: true);
            });
            return (tester.Simulation.TraceHash, tester.Simulation.Steps);
        }

        var first = RunOnce();
        Assert.That(RunOnce(), Is.EqualTo(first));
    }

    [Test]
    public void AMakeThatThrowsIsReportedWithThePeerAndWhatToDo()
    {
        var test = RaftSuiteTests.Find("InitialElection")!;
        var error = Assert.Throws<RaftCheckException>(() => test.Run(new BrokenImplementations.ThrowsInMake(), 1, TextWriter.Null));
        Assert.That(error!.Message, Does.Contain("Make for peer 0 threw InvalidOperationException: not implemented yet"));
        Assert.That(error.Message, Does.Contain("runtime.Go"));
    }

    [Test]
    public void APeerThatNeverElectsFailsTheElectionTimeRule()
    {
        var test = RaftSuiteTests.Find("InitialElection")!;
        var error = Assert.Throws<RaftCheckException>(() => test.Run(new BrokenImplementations.NeverElects(), 1, TextWriter.Null));
        Assert.That(error!.Message, Does.Contain("expected one leader, got none"));
    }

    [Test]
    public void AnExceptionInAPeersTaskFailsTheTestWithThatException()
    {
        var test = RaftSuiteTests.Find("InitialElection")!;
        var error = Assert.Catch(() => test.Run(new BrokenImplementations.ThrowsInItsTicker(), 1, TextWriter.Null));
        Assert.That(error, Is.InstanceOf<IndexOutOfRangeException>());
        Assert.That(error!.Message, Does.Contain("log index 7"));
    }

    [Test]
    public void APeerThatEscapesTheSimulationIsReportedAsAnEscape()
    {
        var test = RaftSuiteTests.Find("InitialElection")!;
        var error = Assert.Catch(() => test.Run(new BrokenImplementations.EscapesWithTaskRun(), 1, TextWriter.Null));
        TestContext.Out.WriteLine($"{error!.GetType().Name}: {error.Message}");
        Assert.That(error, Is.InstanceOf<SimulationException>());
        Assert.That(error.Message, Does.Contain("Task.Run"));
    }

    [Test]
    public void TheSuiteHasEveryTestOf65840sLab3ByName()
    {
        string[] expected =
        [
            "InitialElection", "ReElection", "ManyElections",
            "BasicAgree", "RPCBytes", "FollowerFailure", "LeaderFailure", "FailAgree", "FailNoAgree", "ConcurrentStarts", "Rejoin", "Backup", "Count",
            "Persist1", "Persist2", "Persist3", "Figure8", "UnreliableAgree", "Figure8Unreliable", "ReliableChurn", "UnreliableChurn",
            "SnapshotBasic", "SnapshotInstall", "SnapshotInstallUnreliable", "SnapshotInstallCrash", "SnapshotInstallUnCrash", "SnapshotAllCrash", "SnapshotInit",
        ];
        Assert.That(RaftSuiteTests.All.Select(t => t.Name), Is.EqualTo(expected));
    }

    [Test]
    public void ABrokenPropertyStopsTheRunAndCarriesTheMessageDiagramUpToThatStep()
    {
        var member = RaftZoo.Find("VotesTwiceInATerm")!;
        var test = RaftSuiteTests.Find("ManyElections")!;
        var error = Assert.Throws<RaftInvariantException>(() => test.Run(member.Implementation, test.Seed, TextWriter.Null));
        Assert.That(error!.Property, Is.EqualTo(RaftInvariants.ElectionSafety));
        Assert.That(error.Diagram, Is.Not.Null);
        var last = error.Diagram!.Events[^1];
        Assert.That(last.Kind, Is.EqualTo(DiagramEventKind.Note));
        Assert.That(last.Text, Does.StartWith("FAILED: Election Safety violated"));
        Assert.That(error.Diagram.Events.Count(e => e.Kind == DiagramEventKind.Sent), Is.GreaterThan(0));
        Assert.That(DiagramPage.ToHtml(error.Diagram), Does.Contain("Election Safety"));
    }
}
