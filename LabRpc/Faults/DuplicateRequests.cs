namespace LabRpc.Faults;

/// <summary>The network delivers some requests twice for a while; a copy may be held back and arrive late, after the
/// client's newer requests.</summary>
/// <param name="At">When the window opens.</param>
/// <param name="Duration">How long it lasts.</param>
/// <param name="Rate">Chance that a request is delivered a second time.</param>
/// <param name="MaxDelay">A copy arrives a uniform 0..this after the request was sent (whole milliseconds); zero (the
/// default): it waits like any request.</param>
public sealed record DuplicateRequests(TimeSpan At, TimeSpan Duration, double Rate, TimeSpan MaxDelay = default) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() =>
        $"duplicate {Rate:P0} of requests{(MaxDelay > TimeSpan.Zero ? $", copies held back up to {Durations.Format(MaxDelay)}" : "")} {Window}";
}
