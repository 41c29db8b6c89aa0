namespace LabRpc.Raft;

/// <summary>
/// What a peer sends on its apply channel (6.5840's <c>ApplyMsg</c>): either a committed command with its index
/// (<see cref="CommandValid"/>), or a snapshot with the term and index of the last entry it covers
/// (<see cref="SnapshotValid"/>). Make them with <see cref="ForCommand"/> and <see cref="ForSnapshot"/>.
/// </summary>
public sealed record ApplyMsg
{
    /// <summary>True when the message carries a committed command.</summary>
    public bool CommandValid { get; init; }

    /// <summary>The committed command.</summary>
    public object? Command { get; init; }

    /// <summary>The committed command's log index (the first command has index 1).</summary>
    public int CommandIndex { get; init; }

    /// <summary>True when the message carries a snapshot (one a leader sent with InstallSnapshot).</summary>
    public bool SnapshotValid { get; init; }

    /// <summary>The snapshot's bytes, as the service made them.</summary>
    public byte[]? Snapshot { get; init; }

    /// <summary>The term of the last entry the snapshot covers.</summary>
    public int SnapshotTerm { get; init; }

    /// <summary>The index of the last entry the snapshot covers.</summary>
    public int SnapshotIndex { get; init; }

    /// <summary>A committed <paramref name="command"/> at <paramref name="index"/>.</summary>
    public static ApplyMsg ForCommand(object? command, int index) => new() { CommandValid = true, Command = command, CommandIndex = index };

    /// <summary>A <paramref name="snapshot"/> that covers the log up to <paramref name="index"/>, whose last entry has <paramref name="term"/>.</summary>
    public static ApplyMsg ForSnapshot(byte[] snapshot, int term, int index) =>
        new() { SnapshotValid = true, Snapshot = snapshot, SnapshotTerm = term, SnapshotIndex = index };
}
