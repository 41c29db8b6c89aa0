namespace LabRpc.Linearizability;

/// <summary>
/// The check of one part of a history: first the decision from unique values, when the model offers it
/// (<see cref="UniqueValueDecision"/>), else Wing and Gong's search
/// (<see cref="PartitionSearch{TState, TInput, TOutput}"/>), a slice at a time. For a part found not linearizable from
/// its values, when linearizations are asked for, a search cut short after <see cref="PrefixBudget"/> steps finds a
/// long linearizable prefix for the picture.
/// </summary>
internal sealed class PartCheck<TState, TInput, TOutput>
{
    /// <summary>How many steps the search for a prefix may take after the values showed a violation (about 0.1 s).</summary>
    public const long PrefixBudget = 1 << 20;

    private readonly Model<TState, TInput, TOutput> _model;
    private readonly IReadOnlyList<Operation<TInput, TOutput>> _operations;
    private readonly bool _recordLongest;
    private readonly PartitionSearch<TState, TInput, TOutput> _search;
    private bool _started;
    private bool _finished;

    public PartCheck(Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> operations, bool recordLongest)
    {
        _model = model;
        _operations = operations;
        _recordLongest = recordLongest;
        _search = new PartitionSearch<TState, TInput, TOutput>(model, operations, recordLongest);
    }

    /// <summary>The outcome once decided or stopped; null while the check can go on.</summary>
    public CheckOutcome? Outcome { get; private set; }

    /// <summary>Whether the check has ended (decided, or stopped), so its results may be read.</summary>
    public bool Finished => Volatile.Read(ref _finished);

    /// <summary>How the outcome was reached.</summary>
    public DecisionMethod Method { get; private set; }

    /// <summary>What the decision from unique values found, if it decided the part.</summary>
    public UniqueValueVerdict? Verdict { get; private set; }

    /// <summary>Why the part was searched although the model offers the decision from unique values.</summary>
    public string? FallbackReason { get; private set; }

    /// <summary>False when the linearizations come from a search cut short.</summary>
    public bool LinearizationsComplete { get; private set; } = true;

    /// <summary>Checks for at most <paramref name="budget"/> search steps (the decision from values always runs to the end);
    /// returns the outcome, or null if the budget ran out first. Not to be called from two threads at once.</summary>
    public CheckOutcome? Run(StopSignal stop, long budget)
    {
        if (!_started)
        {
            _started = true;
            if (_model.AppendRegister is not null)
            {
                var verdict = UniqueValueDecision.Decide(_model, _operations, _recordLongest);
                if (verdict.Outcome is { } outcome)
                {
                    Method = DecisionMethod.UniqueValues;
                    Verdict = verdict;
                    if (outcome == CheckOutcome.Illegal && _recordLongest)
                    {
                        var searched = _search.Run(stop, PrefixBudget);
                        if (searched == CheckOutcome.Ok)
                        {
                            throw new InvalidOperationException(
                                "Checker bug: the decision from unique values found a violation that the search does not confirm: " + verdict.Explanation);
                        }
                        LinearizationsComplete = searched == CheckOutcome.Illegal;
                    }
                    Outcome = outcome;
                    Volatile.Write(ref _finished, true);
                    return outcome;
                }
                FallbackReason = verdict.Reason;
            }
        }
        var result = _search.Run(stop, budget);
        Outcome = result;
        if (result is not null)
        {
            Volatile.Write(ref _finished, true);
        }
        return result;
    }

    /// <summary>The longest partial linearizations (only if recorded); for a part decided linearizable from its values, one complete linearization.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Linearizations() =>
        Method == DecisionMethod.UniqueValues && Outcome == CheckOutcome.Ok
            ? [Verdict!.Order]
            : _search.Linearizations();
}
