using KvService.Scenarios;

namespace KvService.Labs;

/// <summary>
/// The shrink loop of every lab: greedily takes the first of the lab's candidates (<see cref="ILab{TScenario, TVerdict}.ShrinkCandidates"/>)
/// that still fails the same way, and starts again from it, until none does or the lab's budget of runs is spent. A
/// candidate fails the same way when its verdict fails without blocking until the stall timeout; for a failure that is only
/// nondeterministic, when two runs of it differ. A failure that waited out the stall timeout is not shrunk, and the first
/// candidate that does stops the shrink.
/// </summary>
public static class LabShrinker
{
    /// <summary>Whether <paramref name="failure"/> is shrunk: a failure that can be repeated (<see cref="LabDeterminism.IsRepeatable"/>).</summary>
    public static bool CanShrink<TScenario>(ILabVerdict<TScenario> failure) where TScenario : ILabScenario =>
        failure?.Failed == true && LabDeterminism.IsRepeatable(failure);

    /// <summary>Shrinks the scenario of <paramref name="failure"/>. Once <paramref name="cancellation"/> is cancelled no further
    /// candidate is taken: the result is the scenario shrunk so far.</summary>
    public static LabShrinkResult<TScenario> Shrink<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, TVerdict failure, int? maxRuns = null,
        CancellationToken cancellation = default)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(failure);
        if (!CanShrink(failure)) return new LabShrinkResult<TScenario>(failure.Scenario, failure.Scenario, 0, 0);
        bool onlyNondeterministic = failure.Violations.All(v => v.Kind == ViolationKind.Nondeterministic);
        return Shrink(failure.Scenario, lab.ShrinkCandidates, candidate =>
        {
            if (cancellation.IsCancellationRequested) return Try.Passes;
            var verdict = lab.Run(candidate, LabRun.Plain);
            if (verdict.Blocked) return Try.Stalled;
            if (!onlyNondeterministic) return verdict.Failed ? Try.Fails : Try.Passes;
            var again = lab.Run(candidate, LabRun.Plain);
            return again.Blocked ? Try.Stalled : again.TraceHash != verdict.TraceHash ? Try.Fails : Try.Passes;
        }, maxRuns ?? lab.ShrinkBudget);
    }

    /// <summary>Shrinks <paramref name="failing"/> with <paramref name="candidates"/> while <paramref name="fails"/> says a
    /// candidate still fails, at most <paramref name="maxRuns"/> candidates.</summary>
    public static LabShrinkResult<TScenario> Shrink<TScenario>(TScenario failing, Func<TScenario, IEnumerable<TScenario>> candidates, Func<TScenario, bool> fails,
        int maxRuns) where TScenario : class, ILabScenario
    {
        ArgumentNullException.ThrowIfNull(fails);
        return Shrink(failing, candidates, candidate => fails(candidate) ? Try.Fails : Try.Passes, maxRuns);
    }

    private enum Try
    {
        Passes,
        Fails,
        Stalled,
    }

    private static LabShrinkResult<TScenario> Shrink<TScenario>(TScenario failing, Func<TScenario, IEnumerable<TScenario>> candidates, Func<TScenario, Try> run,
        int maxRuns) where TScenario : class, ILabScenario
    {
        ArgumentNullException.ThrowIfNull(failing);
        ArgumentNullException.ThrowIfNull(candidates);
        var current = failing;
        int steps = 0, runs = 0;
        bool progressed = true;
        while (progressed && runs < maxRuns)
        {
            progressed = false;
            foreach (var candidate in candidates(current))
            {
                if (runs++ >= maxRuns) break;
                var outcome = run(candidate);
                if (outcome == Try.Stalled) return new LabShrinkResult<TScenario>(failing, current, steps, runs) { StoppedBlocked = true };
                if (outcome != Try.Fails) continue;
                current = candidate;
                steps++;
                progressed = true;
                break;
            }
        }
        return new LabShrinkResult<TScenario>(failing, current, steps, runs);
    }
}
