namespace KvService.Labs;

/// <summary>
/// Where a lab's clusters report the trace hash of each simulation they dispose on the calling flow, while someone listens:
/// the grader records the runs of a suite test this way, whichever lab's clusters the test makes.
/// </summary>
public static class TraceHashes
{
    private static readonly AsyncLocal<List<ulong>?> Listener = new();

    /// <summary>Adds the trace hash of every cluster disposed on the calling flow to <paramref name="hashes"/>, until the result is disposed.</summary>
    public static IDisposable Record(List<ulong> hashes)
    {
        ArgumentNullException.ThrowIfNull(hashes);
        var previous = Listener.Value;
        Listener.Value = hashes;
        return new Scope(previous);
    }

    /// <summary>A cluster's simulation ended with <paramref name="hash"/>: recorded if someone listens on this flow.</summary>
    public static void Ended(ulong hash) => Listener.Value?.Add(hash);

    private sealed class Scope(List<ulong>? previous) : IDisposable
    {
        public void Dispose() => Listener.Value = previous;
    }
}
