using LabRpc.Raft.Tester;

namespace LabRpc.Tests.Raft;

/// <summary>Each of Raft's safety properties, as the tester checks it, catches a state that breaks it and accepts one
/// that keeps it.</summary>
public sealed class RaftInvariantsTests
{
    [Test]
    public void TwoLeadersOfOneTermBreakElectionSafety()
    {
        var invariants = new RaftInvariants(3);
        Assert.That(invariants.Check(0, new FakePeer { CurrentTerm = 2, IsLeader = true }, null), Is.Null);
        var violation = invariants.Check(1, new FakePeer { CurrentTerm = 2, IsLeader = true }, null);
        Assert.That(violation?.Property, Is.EqualTo(RaftInvariants.ElectionSafety));
        Assert.That(violation!.Message, Does.Contain("term 2 has two leaders"));
    }

    [Test]
    public void LeadersOfDifferentTermsAreFine()
    {
        var invariants = new RaftInvariants(3);
        Assert.That(invariants.Check(0, new FakePeer { CurrentTerm = 2, IsLeader = true }, null), Is.Null);
        Assert.That(invariants.Check(1, new FakePeer { CurrentTerm = 3, IsLeader = true }, null), Is.Null);
    }

    [Test]
    public void OneIndexAndTermWithTwoCommandsBreaksLogMatching()
    {
        var invariants = new RaftInvariants(2);
        var a = new FakePeer { CurrentTerm = 1 }.With((1, 10L), (1, 11L));
        var b = new FakePeer { CurrentTerm = 1 }.With((1, 10L), (1, 12L));
        Assert.That(invariants.Check(0, a, a), Is.Null);
        Assert.That(invariants.Check(1, b, b)?.Property, Is.EqualTo(RaftInvariants.LogMatching));
    }

    [Test]
    public void ALeaderThatDropsAnEntryBreaksLeaderAppendOnly()
    {
        var invariants = new RaftInvariants(1);
        var leader = new FakePeer { CurrentTerm = 1, IsLeader = true }.With((1, 10L), (1, 11L));
        Assert.That(invariants.Check(0, leader, leader), Is.Null);
        leader.Log.RemoveAt(2);
        Assert.That(invariants.Check(0, leader, leader)?.Property, Is.EqualTo(RaftInvariants.LeaderAppendOnly));
    }

    [Test]
    public void ALeaderWithoutACommittedEntryBreaksLeaderCompleteness()
    {
        var invariants = new RaftInvariants(2);
        var old = new FakePeer { CurrentTerm = 1, CommitIndex = 1 }.With((1, 10L));
        Assert.That(invariants.Check(0, old, old), Is.Null);
        var leader = new FakePeer { CurrentTerm = 2, IsLeader = true }.With((2, 20L));
        var violation = invariants.Check(1, leader, leader);
        Assert.That(violation?.Property, Is.EqualTo(RaftInvariants.LeaderCompleteness));
        Assert.That(violation!.Message, Does.Contain("index 1 was committed"));
    }

    [Test]
    public void TwoPeersCommittingDifferentEntriesAtOneIndexBreakStateMachineSafety()
    {
        var invariants = new RaftInvariants(2);
        var a = new FakePeer { CurrentTerm = 1, CommitIndex = 1 }.With((1, 10L));
        var b = new FakePeer { CurrentTerm = 2, CommitIndex = 1 }.With((2, 20L));
        Assert.That(invariants.Check(0, a, a), Is.Null);
        Assert.That(invariants.Check(1, b, b)?.Property, Is.EqualTo(RaftInvariants.StateMachineSafety));
    }

    [Test]
    public void AnIntThatComesBackAsAnotherIntegerTypeIsTheSameCommand()
    {
        var applied = new List<Dictionary<int, object?>> { new() { [1] = 5L }, new() };
        Assert.That(RaftInvariants.CheckApplied(1, 1, (byte)5, applied), Is.Null);
        Assert.That(RaftInvariants.CheckApplied(1, 1, 6, applied)?.Property, Is.EqualTo(RaftInvariants.StateMachineSafety));
    }

    [Test]
    public void ACommandReadBackFromJsonIsTheSameCommand()
    {
        var applied = new List<Dictionary<int, object?>> { new() { [1] = 5L, [2] = "x" }, new() };
        using var number = System.Text.Json.JsonDocument.Parse("5");
        using var text = System.Text.Json.JsonDocument.Parse("\"x\"");
        Assert.That(RaftInvariants.CheckApplied(1, 1, number.RootElement.Clone(), applied), Is.Null);
        Assert.That(RaftInvariants.CheckApplied(1, 2, text.RootElement.Clone(), applied), Is.Null);
    }
}
