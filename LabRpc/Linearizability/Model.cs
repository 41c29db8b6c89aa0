namespace LabRpc.Linearizability;

/// <summary>
/// The sequential specification a history is checked against, written as a plain value:
/// where it starts, how one operation moves it on, and how to tell two states apart.
/// </summary>
/// <remarks>
/// States must be immutable values: the checker keeps them while it searches and compares them
/// with <see cref="StateComparer"/>. A model whose next state is not determined by the state,
/// input and output is written as a <see cref="NondeterministicModel{TState, TInput, TOutput}"/>
/// and turned into this type with its <c>ToModel</c>.
/// </remarks>
/// <typeparam name="TState">The state of the object, e.g. a register's value.</typeparam>
/// <typeparam name="TInput">An operation's input, e.g. "write 3".</typeparam>
/// <typeparam name="TOutput">An operation's output, e.g. "ok".</typeparam>
public sealed record Model<TState, TInput, TOutput>
{
    /// <summary>The state before any operation.</summary>
    public required TState InitialState { get; init; }

    /// <summary>
    /// Whether an operation with this input could have given this output when applied in this
    /// state, and if so the state after it.
    /// </summary>
    public required Func<TState, TInput, TOutput, (bool Ok, TState Next)> Step { get; init; }

    /// <summary>
    /// The state after an operation whose outcome is unknown (see
    /// <see cref="Operation{TInput, TOutput}.IsOutcomeKnown"/>), if it took effect in this state
    /// with whatever output the object would have given. Needed only for histories that have
    /// such operations; the checker also considers that the operation never took effect.
    /// </summary>
    public Func<TState, TInput, (bool Ok, TState Next)>? StepUnknown { get; init; }

    /// <summary>
    /// Whether an operation leaves the state as it is in every state where the model accepts it: a read, a
    /// compare-and-set that failed (for an operation whose outcome is unknown: under <see cref="StepUnknown"/>). Optional,
    /// and it must be right (a wrong answer gives wrong verdicts); it makes the search much faster. The search then takes
    /// such an operation as soon as it fits and never tries it later instead, which loses no linearization: an operation
    /// that changes nothing can move to the front of any order that has it later. Such operations with unknown outcomes
    /// are left out (taking effect or not is the same).
    /// </summary>
    public Func<Operation<TInput, TOutput>, bool>? IsReadOnly { get; init; }

    /// <summary>State equality and hash; two states that compare equal are interchangeable.</summary>
    public IEqualityComparer<TState> StateComparer { get; init; } = EqualityComparer<TState>.Default;

    /// <summary>
    /// Splits a history into independent parts that are checked on their own (e.g. one per key of
    /// a key/value store); each operation must be in exactly one part. <c>null</c>: the history
    /// is one part. <see cref="Partitions.ByKey"/> builds the usual one.
    /// </summary>
    public Func<IReadOnlyList<Operation<TInput, TOutput>>, IEnumerable<IEnumerable<Operation<TInput, TOutput>>>>? Partition { get; init; }

    /// <summary>
    /// The same object seen as a register of strings with read, put and append, if it is one in each part of a history
    /// (as one key of a key/value store is). Parts whose written values are unique are then decided without search, in
    /// polynomial time (see <see cref="AppendRegister{TInput, TOutput}"/>); other parts are searched. <c>null</c>: always search.
    /// </summary>
    public AppendRegister<TInput, TOutput>? AppendRegister { get; init; }

    /// <summary>A short name for a part of the history in the picture, given the part's operations (never empty), e.g.
    /// <c>key "x"</c>. <c>null</c>: parts are numbered only.</summary>
    public Func<IReadOnlyList<Operation<TInput, TOutput>>, string>? DescribePart { get; init; }

    /// <summary>A short text for an operation in the picture, e.g. <c>get("x") → "1"</c>. Defaults to input and output's <c>ToString</c>.</summary>
    public Func<Operation<TInput, TOutput>, string>? DescribeOperation { get; init; }

    /// <summary>A short text for a state in the picture. Defaults to the state's <c>ToString</c>.</summary>
    public Func<TState, string>? DescribeState { get; init; }

    /// <summary>Describes an operation with <see cref="DescribeOperation"/> or the default.</summary>
    public string Describe(Operation<TInput, TOutput> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        if (DescribeOperation is not null)
        {
            return DescribeOperation(operation);
        }
        return operation.IsOutcomeKnown ? $"{operation.Input} → {operation.Output}" : $"{operation.Input} → ?";
    }

    /// <summary>Describes a state with <see cref="DescribeState"/> or the default.</summary>
    public string Describe(TState state) =>
        DescribeState is not null ? DescribeState(state) : state?.ToString() ?? "null";
}
