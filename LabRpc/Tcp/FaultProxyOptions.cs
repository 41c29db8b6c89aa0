namespace LabRpc;

/// <summary>
/// What a <see cref="FaultProxy"/> does to the frames and connections it forwards. Rates are chances per frame, from 0
/// (never, the default) to 1 (always). A proxy's options can be replaced while it runs; each frame is judged by the
/// options in force when it has arrived whole.
/// </summary>
public sealed record FaultProxyOptions
{
    /// <summary>The frame size (the 4-byte length prefix, 16 MiB like the TCP server's) above which the connection is cut.</summary>
    public const int DefaultMaxFrameBytes = 16 * 1024 * 1024;

    /// <summary>
    /// Seed of the fault choices. Each connection draws from generators of its own, one per direction, fixed by this seed
    /// and the connection's number (the order in which the proxy accepted it): the k-th frame of a direction gets the
    /// same fate in every run with the same options. (Timing is real, so a run as a whole is not replayable.)
    /// </summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Chance that a frame waits a uniform 0..<see cref="MaxDelay"/> (whole milliseconds) before it is forwarded.
    /// Frames behind it on the same connection and direction wait for it: the order is kept.</summary>
    public double DelayRate { get; init; }

    /// <summary>The longest delay of a delayed frame.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Chance that a frame from a client to the server (a request) is dropped: the server never sees it.</summary>
    public double RequestDropRate { get; init; }

    /// <summary>Chance that a frame from the server to a client (a reply) is dropped: the client never sees it.</summary>
    public double ReplyDropRate { get; init; }

    /// <summary>
    /// Chance, per frame, that the connection is cut there: both sides are reset, after the frames ahead of it and,
    /// half of the time, a random part of this frame (a frame cut short) have been written.
    /// </summary>
    public double CutRate { get; init; }

    /// <summary>A length prefix above this cuts the connection (counted in <see cref="FaultProxyCounts.BadFrames"/>).</summary>
    public int MaxFrameBytes { get; init; } = DefaultMaxFrameBytes;

    /// <summary>Throws when a rate is outside 0..1, the delay is negative or the frame limit is not positive.</summary>
    internal void Validate()
    {
        CheckRate(DelayRate, nameof(DelayRate));
        CheckRate(RequestDropRate, nameof(RequestDropRate));
        CheckRate(ReplyDropRate, nameof(ReplyDropRate));
        CheckRate(CutRate, nameof(CutRate));
        if (MaxDelay < TimeSpan.Zero || MaxDelay.TotalMilliseconds > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(MaxDelay), MaxDelay, $"{nameof(MaxDelay)} must be zero or more (and under 24 days).");
        if (MaxFrameBytes <= 0 || MaxFrameBytes > Array.MaxLength - 4)
            throw new ArgumentOutOfRangeException(nameof(MaxFrameBytes), MaxFrameBytes, $"{nameof(MaxFrameBytes)} must be between 1 and {Array.MaxLength - 4}.");
    }

    private static void CheckRate(double rate, string name)
    {
        if (!(rate >= 0 && rate <= 1))
            throw new ArgumentOutOfRangeException(name, rate, $"{name} is a chance per frame: between 0 and 1.");
    }
}
