using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>The classic bugs the zoo switches on in the reference, one per member (see <c>RaftZoo</c>).</summary>
[Flags]
internal enum RaftFlaw
{
    None = 0,

    /// <summary>Grants a vote without checking that the candidate's log is at least as up to date.</summary>
    VoteWithoutUpToDateCheck = 1 << 0,

    /// <summary>Does not persist votedFor (a restarted peer may vote twice in a term).</summary>
    VotedForNotPersisted = 1 << 1,

    /// <summary>Does not reset the election timer when it grants a vote.</summary>
    TimerNotResetOnVote = 1 << 2,

    /// <summary>Commits an entry of an earlier term by counting replicas (Figure 8).</summary>
    CommitsOldTermByCounting = 1 << 3,

    /// <summary>Truncates the log after PrevLogIndex on every AppendEntries, even without a conflict.</summary>
    TruncatesWithoutConflict = 1 << 4,

    /// <summary>Backs nextIndex off one entry at a time, once per heartbeat.</summary>
    BacksOffOneAtATime = 1 << 5,

    /// <summary>Processes an AppendEntries reply after its term changed.</summary>
    ProcessesStaleReplies = 1 << 6,

    /// <summary>A leader does not step down when a reply carries a higher term.</summary>
    IgnoresHigherTermInReplies = 1 << 7,

    /// <summary>After installing a snapshot, does not move lastApplied: entries the snapshot covers are applied again.</summary>
    ReappliesAfterSnapshot = 1 << 8,

    /// <summary>Snapshot(index) discards one entry too many (the entry at index + 1 is lost).</summary>
    SnapshotOffByOne = 1 << 9,

    /// <summary>Persists term and vote but not the log.</summary>
    LogNotPersisted = 1 << 10,

    /// <summary>Grants a vote to every candidate with a higher or equal term, even when it already voted in the term.</summary>
    VotesTwiceInATerm = 1 << 11,

    /// <summary>Keeps votedFor when its term moves on: having voted once, it never votes for another peer again.</summary>
    KeepsVotedForInANewTerm = 1 << 12,

    /// <summary>A follower sets its commit index to the leader's, beyond the entries the leader's message vouched for.</summary>
    CommitsBeyondTheEntriesSent = 1 << 13,

    /// <summary>A leader sends heartbeats every 20 ms, five times as often as the tester allows.</summary>
    HeartbeatsTooOften = 1 << 14,

    /// <summary>A leader counts a command committed as soon as it appends it, without a majority.</summary>
    CommitsBeforeAMajority = 1 << 15,

    /// <summary>Every peer waits the same election timeout (300 ms): candidates split the vote again and again.</summary>
    ElectionTimeoutNotRandomized = 1 << 16,
}
