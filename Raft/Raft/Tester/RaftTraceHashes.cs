namespace LabRpc.Raft.Tester;

/// <summary>
/// Where each <see cref="RaftTester"/> reports the trace hash of its simulation when it is disposed, while someone listens
/// on the calling flow: a grader records the runs of a suite test this way (two runs of a deterministic submission give
/// the same hashes).
/// </summary>
public static class RaftTraceHashes
{
    private static readonly AsyncLocal<List<ulong>?> Listener = new();

    /// <summary>Adds the trace hash of every tester disposed on the calling flow to <paramref name="hashes"/>, until the result is disposed.</summary>
    public static IDisposable Record(List<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var previous = Listener.Value;
        Listener.Value = hashes;
        return new Scope(previous);
    }

    /// <summary>A tester's simulation ended with <paramref name="hash"/>: recorded if someone listens on this flow.</summary>
    internal static void Ended(ulong hash) => Listener.Value?.Add(hash);

    private sealed class Scope(List<ulong>? previous) : IDisposable
    {
        public void Dispose() => Listener.Value = previous;
    }
}
