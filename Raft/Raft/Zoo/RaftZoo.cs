using LabRpc.Raft.Reference;
using LabRpc.Raft.Tester;

namespace LabRpc.Raft.Zoo;

/// <summary>
/// The zoo: the reference Raft with one classic student bug each (the "Students' Guide to Raft" lists them). Each member
/// names the suite test that catches it at the test's fixed seed and what the failure says; <c>Tests/Raft/RaftZooTests</c>
/// checks both. Members whose <see cref="RaftZooMember.CaughtBy"/> is null pass the whole suite at its seeds
/// (<c>scripts/raft-zoo.sh</c> shows it): their bugs need a schedule the tests do not make, which generated fault
/// scenarios and exploration are for.
/// </summary>
public static class RaftZoo
{
    /// <summary>Every member.</summary>
    public static IReadOnlyList<RaftZooMember> All { get; } =
    [
        Member("VotesWithoutUpToDateCheck", "grants a vote without checking that the candidate's log is at least as up to date",
            RaftFlaw.VoteWithoutUpToDateCheck, "Rejoin", RaftInvariants.LeaderCompleteness),
        Member("VotesTwiceInATerm", "grants a vote to any candidate of its term, even after voting for another",
            RaftFlaw.VotesTwiceInATerm, "ManyElections", RaftInvariants.ElectionSafety),
        Member("KeepsVotedForInANewTerm", "keeps votedFor when its term moves on, so it never votes for another peer again",
            RaftFlaw.KeepsVotedForInANewTerm, "ReElection", "expected one leader, got none"),
        Member("HeartbeatsTooOften", "a leader sends heartbeats every 20 ms",
            RaftFlaw.HeartbeatsTooOften, "InitialElection", "heartbeats may go at most ten times a second"),
        Member("TruncatesWithoutConflict", "truncates its log after PrevLogIndex on every AppendEntries, even without a conflict",
            RaftFlaw.TruncatesWithoutConflict, "UnreliableChurn", RaftInvariants.CommitWithinLog),
        Member("BacksOffOneAtATime", "backs nextIndex off one entry per heartbeat",
            RaftFlaw.BacksOffOneAtATime, "ReliableChurn", "failed to reach agreement"),
        Member("ForgetsTheLog", "persists term and vote but not the log",
            RaftFlaw.LogNotPersisted, "Persist1", RaftInvariants.LeaderCompleteness),
        Member("ReappliesAfterSnapshot", "after a snapshot, lastApplied lands one short of it: the snapshot's last entry is applied again",
            RaftFlaw.ReappliesAfterSnapshot, "SnapshotInstall", "apply out of order"),
        Member("SnapshotOffByOne", "Snapshot(index) discards the entry after index too",
            RaftFlaw.SnapshotOffByOne, "SnapshotBasic", "snapshot doesn't match SnapshotIndex"),
        Member("CommitsBeforeAMajority", "a leader counts a command committed as soon as it appends it",
            RaftFlaw.CommitsBeforeAMajority, "FailNoAgree", "committed but no majority"),
        Member("ElectionTimeoutNotRandomized", "every peer waits the same election timeout",
            RaftFlaw.ElectionTimeoutNotRandomized, null, null),
        Member("ForgetsVotedFor", "does not persist votedFor: a restarted peer can vote twice in one term",
            RaftFlaw.VotedForNotPersisted, null, null),
        Member("TimerNotResetOnVote", "does not reset its election timer when it grants a vote",
            RaftFlaw.TimerNotResetOnVote, null, null),
        Member("CommitsOldTermByCounting", "commits an entry of an earlier term by counting replicas (Figure 8)",
            RaftFlaw.CommitsOldTermByCounting, null, null),
        Member("ProcessesStaleReplies", "processes an AppendEntries reply after its term changed",
            RaftFlaw.ProcessesStaleReplies, null, null),
        Member("IgnoresHigherTermInReplies", "a leader does not step down when a reply carries a higher term",
            RaftFlaw.IgnoresHigherTermInReplies, null, null),
    ];

    /// <summary>The member named <paramref name="name"/>, or null.</summary>
    public static RaftZooMember? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    private static RaftZooMember Member(string name, string bug, RaftFlaw flaw, string? caughtBy, string? verdict) =>
        new(name, bug, new ReferenceRaftImplementation("zoo:" + name, flaw), caughtBy, verdict);
}
