namespace LabRpc.Faults;

/// <summary>For a while, requests from one node to another, by name, are delivered twice with some chance; a copy may be
/// held back and arrive late, after the caller's later requests (<see cref="LinkFaults.DuplicateRate"/>). Other links are
/// untouched: the copies are of one party's requests only (say, a client's, not the servers' among themselves).</summary>
/// <param name="At">When the window opens.</param>
/// <param name="Duration">How long it lasts.</param>
/// <param name="From">The calling node's name.</param>
/// <param name="To">The called node's name.</param>
/// <param name="Rate">Chance that a request is delivered a second time.</param>
/// <param name="MaxDelay">A copy arrives a uniform 0..this after the request left (whole milliseconds); zero (the
/// default): it waits like any request.</param>
public sealed record LinkDuplicates(TimeSpan At, TimeSpan Duration, string From, string To, double Rate, TimeSpan MaxDelay = default) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() =>
        $"duplicate {Rate:P0} of requests {From} -> {To}{(MaxDelay > TimeSpan.Zero ? $", copies held back up to {Durations.Format(MaxDelay)}" : "")} {Window}";
}
