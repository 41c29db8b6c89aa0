using System.Diagnostics;
using KvService.Contract;

namespace KvService.Scenarios;

/// <summary>
/// Runs many generated scenarios against one implementation (the check command's job). Each scenario runs in its own
/// simulation, so they may run in parallel without changing any verdict; the failure reported is the one of the
/// lowest-numbered failing scenario, whatever the parallelism. A sample of the scenarios (<see cref="SweepOptions.RepeatEvery"/>)
/// and every failing one runs twice, so that an implementation that does not replay the same fails as nondeterministic.
/// A run that blocked its thread until the stall timeout stops the sweep (every further run could wait as long) and is the
/// failure reported; which blocked run that is can depend on the parallelism. A run whose block strict detection saw at
/// once costs no such wait, and is a failure like any other. An undecided verdict (<see cref="Verdict.Unknown"/>) is
/// counted apart: neither a pass nor a failure.
/// </summary>
public static class ScenarioSweep
{
    /// <summary>Runs the sweep; <paramref name="progress"/> is called (from any thread) after each scenario with the number done.
    /// A cancelled sweep lets the runs under way finish and returns what it found (<see cref="SweepResult.Cancelled"/>).</summary>
    public static SweepResult Run(IKvImplementation implementation, SweepOptions options, Action<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(options);
        options.Space.Validate();
        ArgumentOutOfRangeException.ThrowIfNegative(options.RepeatEvery);
        var watch = Stopwatch.StartNew(); // outside the simulation: wall time of the sweep, for the summary; each run is a simulation of its own
        var counts = new RunCounts[options.Scenarios];
        Verdict? firstFailure = null, firstUnknown = null;
        int first = -1, failed = 0, done = 0, unknown = 0, firstUnknownIndex = -1, repeated = 0, nondeterministic = 0;
        bool blocked = false;
        var gate = new object();
        Parallel.For(0, options.Scenarios,
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.Parallelism) },
            (i, loop) =>
            {
                if (cancellation.IsCancellationRequested)
                {
                    loop.Stop(); // the runs under way finish; what they found is kept
                    return;
                }
                var scenario = ScenarioGenerator.Generate(ScenarioGenerator.SeedOf(options.Seed, options.First + i), options.Space);
                var verdict = ScenarioRunner.Run(scenario, implementation, options.Run);
                counts[i] = verdict.Counts;
                bool repeat = ShouldRepeat(options.First + i, verdict, options.RepeatEvery);
                if (repeat) verdict = DeterminismCheck.Repeat(verdict, implementation, options.Run);
                lock (gate)
                {
                    if (repeat) repeated++;
                    if (DeterminismCheck.IsNondeterministic(verdict)) nondeterministic++;
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
        return new SweepResult(done, failed, totals, firstFailure, first < 0 ? -1 : options.First + first, watch.Elapsed, blocked)
        {
            Unknown = unknown,
            FirstUnknown = firstUnknown,
            FirstUnknownIndex = firstUnknownIndex < 0 ? -1 : options.First + firstUnknownIndex,
            Repeated = repeated,
            Nondeterministic = nondeterministic,
            Cancelled = cancellation.IsCancellationRequested && notRun >= 0,
            FirstNotRun = options.First + (notRun < 0 ? options.Scenarios : notRun),
        };
    }

    /// <summary>Whether scenario <paramref name="index"/> runs a second time: the first, every <paramref name="every"/>-th and
    /// every failing one, unless repeating is off or the run cannot be repeated cheaply (<see cref="DeterminismCheck.IsRepeatable"/>).</summary>
    internal static bool ShouldRepeat(int index, Verdict verdict, int every) =>
        every > 0 && (index % every == 0 || verdict.Failed) && DeterminismCheck.IsRepeatable(verdict);
}
