namespace LabRpc;

/// <summary>
/// Where a <see cref="RealNode"/> runs its code (one piece at a time either way). A dedicated thread is the default: the
/// node's code never runs on a thread that reads sockets. The thread pool switches threads less per network operation,
/// and is what <c>serve</c>'s server and the <c>kvload</c> benchmark's clerks use.
/// </summary>
public enum RealNodeScheduling
{
    /// <summary>
    /// On thread-pool threads, one at a time (an exclusive scheduler): no thread of its own, and a network read that
    /// finds the node idle runs its handlers, or resumes the caller whose reply it read, at once on the reading thread
    /// instead of handing them over. What <c>serve</c> uses for its server: with the runtime's inline socket completions
    /// (<c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>) an operation then crosses no thread of ours at all.
    /// </summary>
    ThreadPool,

    /// <summary>On a dedicated thread of its own that waits for work (the default).</summary>
    DedicatedThread,
}
