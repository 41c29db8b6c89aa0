namespace KvService.Labs;

/// <summary>
/// What a sweep found: how many scenarios ran and failed, the totals of their counts, the verdict of the lowest-numbered
/// failing scenario (run twice if it could be) and its number in the sweep, and how long it took. A sweep stopped by a
/// blocked run (<see cref="StoppedBlocked"/>) or cancelled (<see cref="Cancelled"/>) ran fewer than it was asked for.
/// </summary>
/// <typeparam name="TVerdict">The lab's verdict.</typeparam>
public sealed record SweepResult<TVerdict>(int Scenarios, int Failed, Scenarios.RunCounts Totals, TVerdict? FirstFailure, int FirstFailureIndex, TimeSpan WallTime,
    bool StoppedBlocked = false) where TVerdict : class
{
    /// <summary>How many scenarios could not be decided (the checker ran out of time): neither passed nor failed.</summary>
    public int Unknown { get; init; }

    /// <summary>The verdict of the lowest-numbered undecided scenario.</summary>
    public TVerdict? FirstUnknown { get; init; }

    /// <summary>The number of the lowest-numbered undecided scenario, or -1.</summary>
    public int FirstUnknownIndex { get; init; } = -1;

    /// <summary>How many scenarios ran twice to see that they replay the same.</summary>
    public int Repeated { get; init; }

    /// <summary>How many of those did not.</summary>
    public int Nondeterministic { get; init; }

    /// <summary>How many passed.</summary>
    public int Passed => Scenarios - Failed - Unknown;

    /// <summary>Every scenario that ran passed.</summary>
    public bool AllPassed => Failed == 0 && Unknown == 0;

    /// <summary>The sweep was cancelled before every scenario ran.</summary>
    public bool Cancelled { get; init; }

    /// <summary>The number of the first scenario that did not run (the end of the sweep if all ran).</summary>
    public int FirstNotRun { get; init; }
}
