namespace LabRpc.Linearizability;

/// <summary>The result of a linearizability check.</summary>
/// <param name="Outcome">
/// <see cref="CheckOutcome.Illegal"/> if any part is not linearizable; otherwise
/// <see cref="CheckOutcome.Unknown"/> if any part was not decided; otherwise <see cref="CheckOutcome.Ok"/>.
/// </param>
/// <param name="Partitions">One result per independent part of the history.</param>
/// <param name="Elapsed">How long the check took.</param>
/// <param name="UnknownReason">Why the outcome is unknown (timeout, cancellation); <c>null</c> otherwise.</param>
public sealed record CheckResult<TInput, TOutput>(
    CheckOutcome Outcome,
    IReadOnlyList<PartitionResult<TInput, TOutput>> Partitions,
    TimeSpan Elapsed,
    string? UnknownReason);
