namespace LabRpc.Faults;

/// <summary>Drop and delay rates of one's choosing for a while (overlapping windows: the highest of each applies).</summary>
/// <param name="At">When the window opens.</param>
/// <param name="Duration">How long it lasts.</param>
/// <param name="RequestDropRate">Chance that a request is lost (its handler never runs).</param>
/// <param name="ReplyDropRate">Chance that a reply is lost (the handler ran).</param>
/// <param name="MaxRequestDelay">Requests wait a uniform 0..this before they arrive.</param>
public sealed record DropsAndDelays(TimeSpan At, TimeSpan Duration, double RequestDropRate, double ReplyDropRate, TimeSpan MaxRequestDelay)
    : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() =>
        $"drop {RequestDropRate:P0} of requests and {ReplyDropRate:P0} of replies, delay requests up to {Durations.Format(MaxRequestDelay)}, {Window}";
}
