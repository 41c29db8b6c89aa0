namespace LabRpc.Linearizability;

/// <summary>How a linearizability check runs.</summary>
public sealed record CheckOptions
{
    /// <summary>The options used when none are given: no time limit, no linearizations kept.</summary>
    public static CheckOptions Default { get; } = new();

    /// <summary>
    /// How long the check may take; past it the answer is <see cref="CheckOutcome.Unknown"/>.
    /// <c>null</c>: no limit. <see cref="TimeSpan.Zero"/>: no time at all, so always unknown.
    /// </summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>
    /// Keep, for each part of the history, its longest partial linearizations and the
    /// operations that could not come next (see <see cref="PartitionResult{TInput, TOutput}"/>);
    /// the picture needs them. Costs some speed on hard histories.
    /// </summary>
    public bool ComputeLinearizations { get; init; }

    /// <summary>How many parts may be checked at once; <c>null</c>: one per processor. With 1 the check runs on the calling
    /// thread and a timer enforces <see cref="Timeout"/> (cheap, for many small checks; a model step that never returns is then
    /// not cut short); with more, worker threads search and the caller answers at the deadline whatever they do.</summary>
    public int? MaxDegreeOfParallelism { get; init; }
}
