using System.Diagnostics;
using KvService.Contract;

namespace KvService.Scenarios;

/// <summary>
/// Runs many generated scenarios against one implementation (the check command's job). Each scenario runs in its own
/// simulation, so they may run in parallel without changing any verdict; the failure reported is the one of the
/// lowest-numbered failing scenario, whatever the parallelism. A run that blocks its thread stops the sweep (every
/// further run could wait as long) and is the failure reported; which blocked run that is can depend on the parallelism.
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
        var watch = Stopwatch.StartNew();
        var counts = new RunCounts[options.Scenarios];
        Verdict? firstFailure = null;
        int first = -1, failed = 0, done = 0;
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
                if (!verdict.Passed)
                {
                    lock (gate)
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
                }
                int finished = Interlocked.Increment(ref done);
                progress?.Invoke(finished);
            });
        var totals = counts.Aggregate(RunCounts.Zero, (sum, c) => c is null ? sum : sum + c); // null: not run (a stopped sweep)
        var notRun = Array.FindIndex(counts, c => c is null);
        return new SweepResult(done, failed, totals, firstFailure, first < 0 ? -1 : options.First + first, watch.Elapsed, blocked)
        {
            Cancelled = cancellation.IsCancellationRequested && notRun >= 0,
            FirstNotRun = options.First + (notRun < 0 ? options.Scenarios : notRun),
        };
    }
}
