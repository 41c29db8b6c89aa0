namespace LabRpc.Linearizability;

/// <summary>What the check found for one independent part of a history.</summary>
/// <param name="Operations">The part's operations, in history order.</param>
/// <param name="HistoryIndexes">For each operation of the part, its index in the checked history.</param>
/// <param name="Outcome">This part's verdict; <see cref="CheckOutcome.Unknown"/> if the check stopped before deciding it.</param>
/// <param name="Linearizations">
/// The longest partial linearizations found, longest first, as indexes into <see cref="Operations"/>
/// in linearization order: for each operation, the longest linearizable prefix that contains it.
/// For a linearizable part, one complete linearization. Empty unless
/// <see cref="CheckOptions.ComputeLinearizations"/> was set.
/// </param>
/// <param name="RejectedNext">
/// For a part that is not linearizable: the operations that could come next after the longest
/// linearization in real-time order, all of which the model rejects in the state it ends in.
/// </param>
public sealed record PartitionResult<TInput, TOutput>(
    IReadOnlyList<Operation<TInput, TOutput>> Operations,
    IReadOnlyList<int> HistoryIndexes,
    CheckOutcome Outcome,
    IReadOnlyList<IReadOnlyList<int>> Linearizations,
    IReadOnlyList<int> RejectedNext)
{
    /// <summary>How the verdict was reached: by the search, or from the unique values (then the linearizations of an
    /// illegal part come from a search cut short, see <see cref="LinearizationsComplete"/>).</summary>
    public DecisionMethod Method { get; init; }

    /// <summary>For a part found not linearizable from its unique values: the contradiction, in words, naming the
    /// operations in <see cref="Involved"/>; <c>null</c> otherwise.</summary>
    public string? Explanation { get; init; }

    /// <summary>The operations <see cref="Explanation"/> names, as indexes into <see cref="Operations"/>.</summary>
    public IReadOnlyList<int> Involved { get; init; } = [];

    /// <summary>Why a part of a model with an <see cref="AppendRegister{TInput, TOutput}"/> was searched rather than
    /// decided from its values (e.g. a value written twice); <c>null</c> otherwise.</summary>
    public string? FallbackReason { get; init; }

    /// <summary>Whether <see cref="Linearizations"/> are the longest there are (false when the search that found them was
    /// cut short, after the part was found not linearizable from its values).</summary>
    public bool LinearizationsComplete { get; init; } = true;
}
