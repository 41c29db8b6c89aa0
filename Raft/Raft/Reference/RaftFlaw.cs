namespace LabRpc.Raft.Reference;

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
}
