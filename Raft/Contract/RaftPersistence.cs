namespace LabRpc.Raft;

/// <summary>
/// Where a peer keeps what must survive a crash (6.5840's <c>persister.Save(raftstate, snapshot)</c>): its Raft state
/// (term, vote, log) under <see cref="StateKey"/> and the service's latest snapshot under <see cref="SnapshotKey"/>.
/// The tester reads the snapshot on restart, and measures the state's size against the log size bound of 3D.
/// </summary>
public static class RaftPersistence
{
    /// <summary>The key of the Raft state: <c>raftstate</c>.</summary>
    public const string StateKey = "raftstate";

    /// <summary>The key of the snapshot: <c>snapshot</c>.</summary>
    public const string SnapshotKey = "snapshot";

    /// <summary>Saves the Raft state and, when <paramref name="snapshot"/> is given, the snapshot, as one step (nothing runs
    /// between the two writes, so a crash sees both or neither).</summary>
    public static void Save(Persister persister, ReadOnlySpan<byte> state, byte[]? snapshot = null)
    {
        ArgumentNullException.ThrowIfNull(persister);
        persister.Write(StateKey, state);
        if (snapshot is not null) persister.Write(SnapshotKey, snapshot);
    }

    /// <summary>The saved Raft state, or empty when nothing was saved.</summary>
    public static byte[] ReadState(Persister persister)
    {
        ArgumentNullException.ThrowIfNull(persister);
        return persister.Read(StateKey) ?? [];
    }

    /// <summary>The saved snapshot, or empty when there is none.</summary>
    public static byte[] ReadSnapshot(Persister persister)
    {
        ArgumentNullException.ThrowIfNull(persister);
        return persister.Read(SnapshotKey) ?? [];
    }

    /// <summary>The size in bytes of the saved Raft state (6.5840's <c>RaftStateSize</c>).</summary>
    public static long StateSize(Persister persister)
    {
        ArgumentNullException.ThrowIfNull(persister);
        return Math.Max(0, persister.Length(StateKey));
    }

    /// <summary>The size in bytes of the saved snapshot.</summary>
    public static long SnapshotSize(Persister persister)
    {
        ArgumentNullException.ThrowIfNull(persister);
        return Math.Max(0, persister.Length(SnapshotKey));
    }
}
