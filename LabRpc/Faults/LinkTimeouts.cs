namespace LabRpc.Faults;

/// <summary>For a while, requests from one node to another, by name, are slow and their callers time out: each request
/// waits a uniform 0..<see cref="MaxDelay"/>, and a call with no outcome <see cref="Timeout"/> after it was made fails at
/// its caller (<see cref="LinkFaults.Timeout"/>). A request still on its way arrives all the same, so that a caller that
/// retries may see its retry served first and the old request arrive after its later ones.</summary>
/// <param name="At">When the window opens.</param>
/// <param name="Duration">How long it lasts.</param>
/// <param name="From">The calling node's name.</param>
/// <param name="To">The called node's name.</param>
/// <param name="Timeout">How long a call waits for its outcome before it fails.</param>
/// <param name="MaxDelay">The longest a request takes to arrive.</param>
public sealed record LinkTimeouts(TimeSpan At, TimeSpan Duration, string From, string To, TimeSpan Timeout, TimeSpan MaxDelay) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() =>
        $"requests {From} -> {To} take up to {Durations.Format(MaxDelay)}, calls time out after {Durations.Format(Timeout)}, {Window}";
}
