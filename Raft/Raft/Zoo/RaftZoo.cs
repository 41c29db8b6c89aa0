using LabRpc.Raft.Reference;

namespace LabRpc.Raft.Zoo;

/// <summary>
/// The zoo: the reference Raft with one classic student bug each (the "Students' Guide to Raft" lists them). Each member
/// names the suite test that catches it; <c>Tests/Raft/RaftZooTests</c> checks that it does, and with which property
/// or check.
/// </summary>
public static class RaftZoo
{
    /// <summary>Every member.</summary>
    public static IReadOnlyList<RaftZooMember> All { get; } =
    [
        Member("VotesWithoutUpToDateCheck", "grants a vote without checking that the candidate's log is at least as up to date",
            RaftFlaw.VoteWithoutUpToDateCheck, "Figure8"),
        Member("VotesTwiceInATerm", "grants a vote to any candidate of its term, even after voting for another",
            RaftFlaw.VotesTwiceInATerm, "ManyElections"),
        Member("ForgetsVotedFor", "does not persist votedFor: a restarted peer can vote twice in one term",
            RaftFlaw.VotedForNotPersisted, "Figure8"),
        Member("TimerNotResetOnVote", "does not reset its election timer when it grants a vote",
            RaftFlaw.TimerNotResetOnVote, "ManyElections"),
        Member("CommitsOldTermByCounting", "commits an entry of an earlier term by counting replicas (Figure 8)",
            RaftFlaw.CommitsOldTermByCounting, "Figure8"),
        Member("TruncatesWithoutConflict", "truncates its log after PrevLogIndex on every AppendEntries, even without a conflict",
            RaftFlaw.TruncatesWithoutConflict, "Figure8Unreliable"),
        Member("BacksOffOneAtATime", "backs nextIndex off one entry per heartbeat",
            RaftFlaw.BacksOffOneAtATime, "Backup"),
        Member("ProcessesStaleReplies", "processes an AppendEntries reply after its term changed",
            RaftFlaw.ProcessesStaleReplies, "Figure8Unreliable"),
        Member("IgnoresHigherTermInReplies", "a leader does not step down when a reply carries a higher term",
            RaftFlaw.IgnoresHigherTermInReplies, "ReElection"),
        Member("ReappliesAfterSnapshot", "does not move lastApplied past an installed snapshot",
            RaftFlaw.ReappliesAfterSnapshot, "SnapshotInstall"),
        Member("SnapshotOffByOne", "Snapshot(index) discards the entry after index too",
            RaftFlaw.SnapshotOffByOne, "SnapshotBasic"),
        Member("ForgetsTheLog", "persists term and vote but not the log",
            RaftFlaw.LogNotPersisted, "Persist1"),
    ];

    /// <summary>The member named <paramref name="name"/>, or null.</summary>
    public static RaftZooMember? Find(string name) => All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    private static RaftZooMember Member(string name, string bug, RaftFlaw flaw, string caughtBy) =>
        new(name, bug, new ReferenceRaftImplementation("zoo:" + name, flaw), caughtBy);
}
