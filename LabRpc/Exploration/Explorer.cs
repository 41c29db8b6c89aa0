using System.Diagnostics;

namespace LabRpc.Exploration;

/// <summary>
/// A systematic walk of a run's choices, CHESS-style: the run is re-executed from the start for every schedule (no state is
/// copied), each time with a <see cref="ScriptedChooser"/> whose script is the path to the next untried branch, depth first.
/// Bounds cut the tree (faults, crashes, deviations from the default order, depth); by default the walk deepens by cost, so
/// that the first failure found is among the cheapest. The result says whether the walk was complete within the bounds.
/// </summary>
public static class Explorer
{
    /// <summary>
    /// Walks the schedules of <paramref name="fails"/> (a run with the chooser it is given, true when it fails) within
    /// <paramref name="bounds"/>, and stops at the first failing schedule.
    /// </summary>
    public static ExplorationResult Explore(Func<ScriptedChooser, bool> fails, ExplorationBounds bounds, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(fails);
        ArgumentNullException.ThrowIfNull(bounds);
        bounds.Validate();
        var clock = Stopwatch.StartNew(); // outside the simulation: the walk's own time limit
        var chooser = new ScriptedChooser(reduction: bounds.Reduction);
        var script = new List<int>();
        long runs = 0, schedules = 0;
        string? incomplete = null;
        int covered = -1;
        int top = bounds.MaxFaults + bounds.MaxDeviations;
        for (int cost = bounds.Deepening ? 0 : top; cost <= top; cost++)
        {
            script.Clear();
            bool cutByCost = false;
            while (true)
            {
                if (cancel.IsCancellationRequested) return Result("cancelled", null);
                if (runs >= bounds.MaxRuns) return Result($"the run limit ({bounds.MaxRuns:N0} runs) was reached", null);
                if (bounds.MaxTime is { } limit && clock.Elapsed > limit) return Result($"the time limit ({limit.TotalSeconds:0.#} s) was reached", null);
                chooser.Reset(script);
                bool failed = fails(chooser);
                runs++;
                var trace = chooser.Trace;
                if (chooser.Mismatch || trace.Count < script.Count)
                    return Result("a run did not replay its script (the code under test is not deterministic, or changed)", null);
                var (faults, _, deviations) = Cost(trace, trace.Count);
                if (!bounds.Deepening || faults + deviations == cost)
                {
                    schedules++;
                    if (failed) return Result(incomplete, trace);
                }
                if (!Backtrack(trace, script, bounds, cost, ref cutByCost, ref incomplete)) break;
            }
            covered = cost;
            if (!cutByCost) break; // a larger cost would walk the same tree
        }
        return Result(incomplete, null);

        ExplorationResult Result(string? why, IReadOnlyList<ChoicePoint>? failing)
        {
            int[]? counterexample = null;
            if (failing is not null)
            {
                int last = failing.Count - 1;
                while (last >= 0 && failing[last].Picked == 0) last--;
                counterexample = new int[last + 1];
                for (int i = 0; i <= last; i++) counterexample[i] = failing[i].Picked;
            }
            return new ExplorationResult
            {
                Schedules = schedules,
                Runs = runs,
                Complete = why is null,
                Incomplete = why,
                Counterexample = counterexample,
                CounterexampleTrace = failing?.ToArray(),
                CostCovered = why is null && failing is null ? top : covered,
                Elapsed = clock.Elapsed,
            };
        }
    }

    /// <summary>Faults, crashes and deviations taken in the first <paramref name="count"/> points of <paramref name="trace"/>.</summary>
    public static (int Faults, int Crashes, int Deviations) Cost(IReadOnlyList<ChoicePoint> trace, int count)
    {
        ArgumentNullException.ThrowIfNull(trace);
        int faults = 0, crashes = 0, deviations = 0;
        for (int i = 0; i < count; i++)
        {
            var p = trace[i];
            if (ChoicePoint.IsFault(p.Kind, p.Picked))
            {
                faults++;
                if (p.Kind == ChoiceKind.Crash) crashes++;
            }
            else if (ChoicePoint.IsDeviation(p.Kind, p.Picked)) deviations++;
        }
        return (faults, crashes, deviations);
    }

    /// <summary>Sets <paramref name="script"/> to the path to the next untried branch (the deepest point with an option
    /// above the one taken that fits the bounds); false when there is none.</summary>
    private static bool Backtrack(IReadOnlyList<ChoicePoint> trace, List<int> script, ExplorationBounds bounds, int cost,
        ref bool cutByCost, ref string? incomplete)
    {
        // Costs of the prefix before each point.
        int n = trace.Count;
        Span<int> faults = n <= 512 ? stackalloc int[n + 1] : new int[n + 1];
        Span<int> crashes = n <= 512 ? stackalloc int[n + 1] : new int[n + 1];
        Span<int> deviations = n <= 512 ? stackalloc int[n + 1] : new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            var p = trace[i];
            bool fault = ChoicePoint.IsFault(p.Kind, p.Picked);
            faults[i + 1] = faults[i] + (fault ? 1 : 0);
            crashes[i + 1] = crashes[i] + (fault && p.Kind == ChoiceKind.Crash ? 1 : 0);
            deviations[i + 1] = deviations[i] + (ChoicePoint.IsDeviation(p.Kind, p.Picked) ? 1 : 0);
        }
        for (int i = n - 1; i >= 0; i--)
        {
            var p = trace[i];
            if (p.Picked + 1 >= p.Options) continue;
            // Every option above the default costs the same at a point: one fault, one deviation, or nothing (a copy's timing).
            int alt = p.Picked + 1;
            bool fault = ChoicePoint.IsFault(p.Kind, alt), deviation = ChoicePoint.IsDeviation(p.Kind, alt);
            int f = faults[i] + (fault ? 1 : 0), c = crashes[i] + (fault && p.Kind == ChoiceKind.Crash ? 1 : 0);
            int d = deviations[i] + (deviation ? 1 : 0);
            if (f > bounds.MaxFaults || c > bounds.MaxCrashes || d > bounds.MaxDeviations) continue;
            if (f + d > cost)
            {
                cutByCost = true;
                continue;
            }
            if (i >= bounds.MaxDepth)
            {
                incomplete ??= $"the depth limit ({bounds.MaxDepth} branching points) cut runs that had more";
                continue;
            }
            script.Clear();
            for (int j = 0; j < i; j++) script.Add(trace[j].Picked);
            script.Add(alt);
            return true;
        }
        return false;
    }
}
