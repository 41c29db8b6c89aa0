namespace LabRpc;

/// <summary>The moments of a log compaction, in order: a crash may stop it at any of them.</summary>
internal enum CompactionStep
{
    /// <summary>The snapshot is written to its temporary file, not yet on stable storage.</summary>
    TemporaryWritten,

    /// <summary>The temporary file is on stable storage, still under its temporary name.</summary>
    TemporarySynced,

    /// <summary>The temporary file has its log name; the folder is not yet flushed, and the old log is still there.</summary>
    Renamed,

    /// <summary>The new name is on stable storage; the old log is still there.</summary>
    FolderSynced,

    /// <summary>The old log is removed: the compaction is done.</summary>
    OldRemoved,
}
