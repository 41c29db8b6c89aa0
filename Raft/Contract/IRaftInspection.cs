namespace LabRpc.Raft;

/// <summary>
/// An optional window into a peer's state, for the tester's invariants: with it the tester checks Log Matching, Leader
/// Append-Only and Leader Completeness at every step, besides what it checks on every implementation (one leader per
/// term, State Machine Safety on the applied commands). Implement it on the same object as <see cref="IRaft"/>. Every
/// member must be cheap and must not change the peer's state.
/// </summary>
public interface IRaftInspection
{
    /// <summary>The current term.</summary>
    int CurrentTerm { get; }

    /// <summary>Whether the peer believes it is the leader.</summary>
    bool IsLeader { get; }

    /// <summary>The highest index the peer knows to be committed.</summary>
    int CommitIndex { get; }

    /// <summary>The index of the last entry the peer's snapshot covers (0 without a snapshot).</summary>
    int SnapshotIndex { get; }

    /// <summary>The index of the last entry in the log (<see cref="SnapshotIndex"/> when the log past the snapshot is empty).</summary>
    int LastLogIndex { get; }

    /// <summary>The term of the entry at <paramref name="index"/>, for <see cref="SnapshotIndex"/> &lt;= index &lt;= <see cref="LastLogIndex"/>
    /// (at <see cref="SnapshotIndex"/>, the snapshot's last term; 0 at index 0).</summary>
    int TermAt(int index);

    /// <summary>The command of the entry at <paramref name="index"/>, for <see cref="SnapshotIndex"/> &lt; index &lt;= <see cref="LastLogIndex"/>.</summary>
    object? CommandAt(int index);
}
