namespace LabRpc.Linearizability;

/// <summary>
/// A sequential specification whose step may lead to several states (or none, if the output
/// could not have happened). <see cref="ToModel"/> turns it into a deterministic
/// <see cref="Model{TState, TInput, TOutput}"/> over sets of states, which the checker uses.
/// </summary>
public sealed record NondeterministicModel<TState, TInput, TOutput>
{
    /// <summary>The states the object may start in.</summary>
    public required IReadOnlyList<TState> InitialStates { get; init; }

    /// <summary>The states an operation with this input and output may lead to from this state; empty if it could not happen.</summary>
    public required Func<TState, TInput, TOutput, IEnumerable<TState>> Step { get; init; }

    /// <summary>The states an operation with an unknown outcome may lead to if it took effect (see <see cref="Model{TState, TInput, TOutput}.StepUnknown"/>).</summary>
    public Func<TState, TInput, IEnumerable<TState>>? StepUnknown { get; init; }

    /// <summary>State equality and hash.</summary>
    public IEqualityComparer<TState> StateComparer { get; init; } = EqualityComparer<TState>.Default;

    /// <summary>As <see cref="Model{TState, TInput, TOutput}.Partition"/>.</summary>
    public Func<IReadOnlyList<Operation<TInput, TOutput>>, IEnumerable<IEnumerable<Operation<TInput, TOutput>>>>? Partition { get; init; }

    /// <summary>As <see cref="Model{TState, TInput, TOutput}.DescribeOperation"/>.</summary>
    public Func<Operation<TInput, TOutput>, string>? DescribeOperation { get; init; }

    /// <summary>A short text for one state; a set of states is shown as <c>{a | b}</c>.</summary>
    public Func<TState, string>? DescribeState { get; init; }

    /// <summary>The equivalent deterministic model, whose state is the set of states the object may be in.</summary>
    public Model<StateSet<TState>, TInput, TOutput> ToModel()
    {
        var comparer = StateComparer;
        var step = Step;
        var stepUnknown = StepUnknown;
        var describe = DescribeState ?? (s => s?.ToString() ?? "null");
        return new Model<StateSet<TState>, TInput, TOutput>
        {
            InitialState = StateSet<TState>.Of(InitialStates, comparer),
            Step = (states, input, output) => Next(states, s => step(s, input, output), comparer),
            StepUnknown = stepUnknown is null ? null : (states, input) => Next(states, s => stepUnknown(s, input), comparer),
            Partition = Partition,
            DescribeOperation = DescribeOperation,
            DescribeState = states => states.Count == 1
                ? describe(states[0])
                : "{" + string.Join(" | ", states.Select(describe)) + "}",
        };
    }

    private static (bool Ok, StateSet<TState> Next) Next(
        StateSet<TState> states, Func<TState, IEnumerable<TState>> step, IEqualityComparer<TState> comparer)
    {
        var next = StateSet<TState>.Of(states.SelectMany(step), comparer);
        return (next.Count > 0, next);
    }
}
