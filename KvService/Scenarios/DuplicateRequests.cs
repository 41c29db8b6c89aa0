namespace KvService.Scenarios;

/// <summary>The network delivers some requests twice for a while.</summary>
/// <param name="At">When the window opens.</param>
/// <param name="Duration">How long it lasts.</param>
/// <param name="Rate">Chance that a request is delivered a second time.</param>
public sealed record DuplicateRequests(TimeSpan At, TimeSpan Duration, double Rate) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() => $"duplicate {Rate:P0} of requests {Window}";
}
