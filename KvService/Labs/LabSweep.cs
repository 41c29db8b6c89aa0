using System.Diagnostics;
using KvService.Scenarios;

namespace KvService.Labs;

/// <summary>
/// The sweep of every lab: runs many generated scenarios against one implementation. Each scenario runs in its own
/// simulation, so they may run in parallel without changing any verdict; the failure reported is the one of the
/// lowest-numbered failing scenario, whatever the parallelism. A sample of the scenarios and every failing one runs twice
/// (<see cref="LabDeterminism.ShouldRepeat"/>), so that an implementation that does not replay the same fails as
/// nondeterministic. A run that blocked its thread until the stall timeout stops the sweep (every further run could wait
/// as long) and is the failure reported. An undecided verdict is counted apart: neither a pass nor a failure.
/// </summary>
public static class LabSweep
{
    /// <summary>Runs the sweep; <paramref name="progress"/> is called (from any thread) after each scenario with the number done.
    /// A cancelled sweep lets the runs under way finish and returns what it found (<see cref="SweepResult{TVerdict}.Cancelled"/>).</summary>
    public static SweepResult<TVerdict> Run<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, SweepRange range, Action<int>? progress = null,
        CancellationToken cancellation = default)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(range);
        ArgumentOutOfRangeException.ThrowIfNegative(range.RepeatEvery);
        var watch = Stopwatch.StartNew(); // outside the simulation: wall time of the sweep, for the summary; each run is a simulation of its own
        var counts = new RunCounts[range.Scenarios];
        TVerdict? firstFailure = null, firstUnknown = null;
        int first = -1, failed = 0, done = 0, unknown = 0, firstUnknownIndex = -1, repeated = 0, nondeterministic = 0;
        bool blocked = false;
        var gate = new object();
        Parallel.For(0, range.Scenarios,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, range.Parallelism) },
            (i, loop) =>
            {
                if (cancellation.IsCancellationRequested)
                {
                    loop.Stop(); // the runs under way finish; what they found is kept
                    return;
                }
                var scenario = lab.Generate(lab.ScenarioSeed(range.Seed, range.First + i));
                var verdict = lab.Run(scenario, LabRun.AsGiven);
                counts[i] = verdict.Counts;
                bool repeat = LabDeterminism.ShouldRepeat(range.First + i, verdict, range.RepeatEvery);
                if (repeat) verdict = LabDeterminism.Repeat(lab, verdict);
                lock (gate)
                {
                    if (repeat) repeated++;
                    if (LabDeterminism.IsNondeterministic(verdict)) nondeterministic++;
                    if (verdict.Failed)
                    {
                        failed++;
                        if (verdict.Blocked && !blocked)
                        {
                            // Every further run may block as long: stop here (the runs under way finish).
                            (blocked, first, firstFailure) = (true, i, verdict);
                            loop.Stop();
                        }
                        else if ((first < 0 || i < first) && verdict.Blocked == blocked)
                        {
                            (first, firstFailure) = (i, verdict);
                        }
                    }
                    else if (verdict.Unknown)
                    {
                        unknown++;
                        if (firstUnknownIndex < 0 || i < firstUnknownIndex) (firstUnknownIndex, firstUnknown) = (i, verdict);
                    }
                }
                int finished = Interlocked.Increment(ref done);
                progress?.Invoke(finished);
            });
        var totals = counts.Aggregate(RunCounts.Zero, (sum, c) => c is null ? sum : sum + c); // null: not run (a stopped sweep)
        var notRun = Array.FindIndex(counts, c => c is null);
        return new SweepResult<TVerdict>(done, failed, totals, firstFailure, first < 0 ? -1 : range.First + first, watch.Elapsed, blocked)
        {
            Unknown = unknown,
            FirstUnknown = firstUnknown,
            FirstUnknownIndex = firstUnknownIndex < 0 ? -1 : range.First + firstUnknownIndex,
            Repeated = repeated,
            Nondeterministic = nondeterministic,
            Cancelled = cancellation.IsCancellationRequested && notRun >= 0,
            FirstNotRun = range.First + (notRun < 0 ? range.Scenarios : notRun),
        };
    }
}
