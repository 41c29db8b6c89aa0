namespace LabRpc;

/// <summary>Output a <see cref="RealNode"/> flushes when it has no more work queued: replies written during a batch
/// of work leave together.</summary>
internal interface IBatchFlush
{
    /// <summary>Sends what was written since the last flush (called on the node, by its current owner).</summary>
    void FlushBatch();
}
