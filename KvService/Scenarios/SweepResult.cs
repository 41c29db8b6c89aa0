namespace KvService.Scenarios;

/// <summary>The outcome of a sweep.</summary>
/// <param name="Scenarios">Scenarios run.</param>
/// <param name="Failed">Scenarios whose verdict failed (a nondeterministic one included).</param>
/// <param name="Totals">The counts of all runs added up.</param>
/// <param name="FirstFailure">The failing verdict of the lowest-numbered scenario, if any (a blocked run first: see
/// <paramref name="StoppedBlocked"/>).</param>
/// <param name="FirstFailureIndex">Its number in the sweep (0-based), or -1.</param>
/// <param name="WallTime">Real time the sweep took.</param>
/// <param name="StoppedBlocked">The sweep stopped early because a run blocked its thread until the stall timeout
/// (<see cref="Verdict.Blocked"/>); <see cref="FirstFailure"/> is that run.</param>
public sealed record SweepResult(int Scenarios, int Failed, RunCounts Totals, Verdict? FirstFailure, int FirstFailureIndex, TimeSpan WallTime,
    bool StoppedBlocked = false)
{
    /// <summary>Scenarios that nothing was found wrong with but that the checker could not decide (<see cref="Verdict.Unknown"/>):
    /// neither passed nor failed.</summary>
    public int Unknown { get; init; }

    /// <summary>The undecided verdict of the lowest-numbered such scenario, if any.</summary>
    public Verdict? FirstUnknown { get; init; }

    /// <summary>Its number in the sweep (0-based), or -1.</summary>
    public int FirstUnknownIndex { get; init; } = -1;

    /// <summary>Scenarios run twice to compare their trace hashes (<see cref="SweepOptions.RepeatEvery"/>, and every failing one).</summary>
    public int Repeated { get; init; }

    /// <summary>Of those, the scenarios whose two runs differed (counted in <see cref="Failed"/> too).</summary>
    public int Nondeterministic { get; init; }

    /// <summary>Scenarios that passed: neither failed nor unknown.</summary>
    public int Passed => Scenarios - Failed - Unknown;

    /// <summary>True when every scenario passed: nothing failed and nothing is unknown.</summary>
    public bool AllPassed => Failed == 0 && Unknown == 0;

    /// <summary>The sweep was cancelled: the scenarios under way finished, the others did not run.</summary>
    public bool Cancelled { get; init; }

    /// <summary>The number of the lowest scenario that did not run (the first after the sweep when all ran): where to go on from.</summary>
    public int FirstNotRun { get; init; }
}
