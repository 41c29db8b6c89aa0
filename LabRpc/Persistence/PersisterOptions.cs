namespace LabRpc;

/// <summary>How a file-backed persister (<see cref="Persister.Open"/>) manages its log.</summary>
public sealed record PersisterOptions
{
    /// <summary>
    /// The log is compacted (rewritten as a snapshot of the live records) once it is longer than twice what the snapshot
    /// would take plus this many bytes. The floor keeps a small store from being rewritten on every few writes.
    /// </summary>
    public long CompactionFloor { get; init; } = 4 << 20;
}
