namespace LabRpc.Exploration;

/// <summary>How far <see cref="Explorer"/> walks the tree of a run's choices.</summary>
public sealed record ExplorationBounds
{
    /// <summary>At most this many faults per schedule: dropped requests and replies, duplicates, held replies, crashes. Default 2.</summary>
    public int MaxFaults { get; init; } = 2;

    /// <summary>At most this many of those faults are crashes. Default 1.</summary>
    public int MaxCrashes { get; init; } = 1;

    /// <summary>At most this many deviations from the default order of ready tasks (CHESS's preemption bound). Default 2.</summary>
    public int MaxDeviations { get; init; } = 2;

    /// <summary>Only the first this many branching points of a run may deviate from the default; later ones take it. Default 400.</summary>
    public int MaxDepth { get; init; } = 400;

    /// <summary>Stop (incomplete) after this many runs. Default 2,000,000.</summary>
    public long MaxRuns { get; init; } = 2_000_000;

    /// <summary>Stop (incomplete) after this much real time; null: no limit.</summary>
    public TimeSpan? MaxTime { get; init; }

    /// <summary>How orders of ready tasks are cut (default: a choice of node, see <see cref="Exploration.Reduction.Nodes"/>).</summary>
    public Reduction Reduction { get; init; } = Reduction.Nodes;

    /// <summary>Walk the schedules by increasing cost (faults plus deviations): 0, then 1, ..., so that the first failure
    /// found is among the cheapest. Each round runs the cheaper schedules again to reach the new ones. Default true.</summary>
    public bool Deepening { get; init; } = true;

    /// <summary>The bounds in words: "at most 2 faults (1 crash), 2 deviations, depth 400".</summary>
    public string Describe() =>
        $"at most {MaxFaults} fault{(MaxFaults == 1 ? "" : "s")} ({MaxCrashes} crash{(MaxCrashes == 1 ? "" : "es")}), " +
        $"{MaxDeviations} deviation{(MaxDeviations == 1 ? "" : "s")} from the default order, depth {MaxDepth}";

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> when a bound is negative or the limits are not positive.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(MaxFaults);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxCrashes);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDeviations);
        ArgumentOutOfRangeException.ThrowIfNegative(MaxDepth);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(MaxRuns);
    }
}
