namespace LabRpc;

/// <summary>
/// Where a <see cref="RealNode"/> runs its code (one piece at a time either way). A dedicated thread is the default: with
/// 16 clerks over TCP against the reference KV server it served as many or more operations per second as the thread
/// pool at the same CPU time per operation (README of LabRpc/Tcp: figures and command).
/// </summary>
public enum RealNodeScheduling
{
    /// <summary>
    /// On thread-pool threads, one at a time (an exclusive scheduler): no thread of its own, and a network read that
    /// finds the node idle runs its handlers at once on the reading thread instead of handing them over.
    /// </summary>
    ThreadPool,

    /// <summary>On a dedicated thread of its own that waits for work (the default).</summary>
    DedicatedThread,
}
