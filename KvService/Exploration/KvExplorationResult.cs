using KvService.Scenarios;
using LabRpc.Exploration;

namespace KvService.Exploration;

/// <summary>What <see cref="KvExplorer.Explore"/> found for one implementation and configuration.</summary>
public sealed record KvExplorationResult
{
    /// <summary>The configuration explored.</summary>
    public required ExplorationConfig Config { get; init; }

    /// <summary>The implementation's name.</summary>
    public required string Implementation { get; init; }

    /// <summary>The walk: schedules, runs, whether it was complete, the failing script if any.</summary>
    public required ExplorationResult Search { get; init; }

    /// <summary>The failing schedule run again with everything kept (log, linearizations), or null when none failed.</summary>
    public Verdict? Failure { get; init; }

    /// <summary>Runs whose linearizability check could not decide (a check timeout): never counted as passes.</summary>
    public long Unknown { get; init; }

    /// <summary>The failing schedule's choices (the option taken at each branching point), or null.</summary>
    public IReadOnlyList<int>? Choices => Search.Counterexample;

    /// <summary>True only when the walk was complete within the bounds, no schedule failed and none was unknown.</summary>
    public bool Passed => Failure is null && Search.Complete && Unknown == 0;

    /// <summary>The outcome in a sentence.</summary>
    public string Headline()
    {
        string schedules = $"{Search.Schedules:N0} schedule{(Search.Schedules == 1 ? "" : "s")}";
        string within = Config.Bounds.Describe();
        if (Failure is not null)
            return $"VIOLATION after {schedules} ({Failure.Headline}); the counterexample has {Choices!.Count(c => c != 0)} non-default choice(s) in {Search.CounterexampleTrace!.Count} branching points";
        if (!Search.Complete)
            return $"INCOMPLETE: no violation in {schedules}, but the search stopped short: {Search.Incomplete}. Nothing is known of the schedules not run.";
        if (Unknown > 0)
            return $"UNKNOWN: no violation in {schedules}, but the checker could not decide {Unknown} of them.";
        return $"COMPLETE: no violation in any schedule with {within} ({schedules}).";
    }
}
