namespace LabRpc.Exploration;

/// <summary>What <see cref="Explorer.Explore"/> found.</summary>
public sealed record ExplorationResult
{
    /// <summary>Distinct schedules run and judged.</summary>
    public required long Schedules { get; init; }

    /// <summary>Runs, counting the cheaper schedules that each round of deepening runs again.</summary>
    public required long Runs { get; init; }

    /// <summary>True only when every schedule within the bounds was judged (and none failed, or one failed and the walk
    /// stopped there: then <see cref="Counterexample"/> is set). False when a limit was hit: see <see cref="Incomplete"/>.</summary>
    public required bool Complete { get; init; }

    /// <summary>Why the walk is not complete (a limit, the depth, a run that did not replay), or null.</summary>
    public string? Incomplete { get; init; }

    /// <summary>The script of the first failing schedule (the option taken at each branching point, up to the last that is
    /// not the default), or null if none failed.</summary>
    public IReadOnlyList<int>? Counterexample { get; init; }

    /// <summary>The branching points of the failing run, or null.</summary>
    public IReadOnlyList<ChoicePoint>? CounterexampleTrace { get; init; }

    /// <summary>The largest cost (faults plus deviations) whose schedules were all judged; -1 if none.</summary>
    public int CostCovered { get; init; } = -1;

    /// <summary>Real time the walk took.</summary>
    public TimeSpan Elapsed { get; init; }

    /// <summary>Whether a schedule failed.</summary>
    public bool Found => Counterexample is not null;
}
