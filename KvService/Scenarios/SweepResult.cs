namespace KvService.Scenarios;

/// <summary>The outcome of a sweep.</summary>
/// <param name="Scenarios">Scenarios run.</param>
/// <param name="Failed">Scenarios whose verdict failed.</param>
/// <param name="Totals">The counts of all runs added up.</param>
/// <param name="FirstFailure">The failing verdict of the lowest-numbered scenario, if any (a blocked run first: see
/// <paramref name="StoppedBlocked"/>).</param>
/// <param name="FirstFailureIndex">Its number in the sweep (0-based), or -1.</param>
/// <param name="WallTime">Real time the sweep took.</param>
/// <param name="StoppedBlocked">The sweep stopped early because a run blocked its thread (<see cref="Verdict.Blocked"/>);
/// <see cref="FirstFailure"/> is that run.</param>
public sealed record SweepResult(int Scenarios, int Failed, RunCounts Totals, Verdict? FirstFailure, int FirstFailureIndex, TimeSpan WallTime,
    bool StoppedBlocked = false)
{
    /// <summary>The sweep was cancelled: the scenarios under way finished, the others did not run.</summary>
    public bool Cancelled { get; init; }

    /// <summary>The number of the lowest scenario that did not run (the first after the sweep when all ran): where to go on from.</summary>
    public int FirstNotRun { get; init; }
}
