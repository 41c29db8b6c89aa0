using KvService.Contract;
using KvService.Scenarios;
using LabRpc.Exploration;

namespace KvService.Exploration;

/// <summary>
/// Systematic exploration of a KV implementation on a small configuration: every schedule within the bounds (which
/// node runs next, each message's fate, each crash point) is run from the start and judged as <c>check</c> judges a
/// scenario — linearizability, at-most-once on Append tokens, liveness once the faults stop — and the walk stops at the
/// first that fails. The entry point for code (the grader): <see cref="Explore"/>.
/// </summary>
public static class KvExplorer
{
    /// <summary>
    /// Explores <paramref name="config"/> against <paramref name="implementation"/>. The result says how many schedules
    /// were judged, whether the walk was complete within the bounds, and the first failing schedule, run again with its
    /// log kept (<see cref="KvExplorationResult.Failure"/>) and its choices (to replay with <c>Replay</c>).
    /// </summary>
    /// <param name="implementation">The implementation under test.</param>
    /// <param name="config">The workload, faults and bounds.</param>
    /// <param name="run">How each run is judged (the check timeout, strict escape detection, ...); default <see cref="RunOptions.Default"/>.</param>
    /// <param name="cancel">Stops the walk (the result is then incomplete).</param>
    public static KvExplorationResult Explore(IKvImplementation implementation, ExplorationConfig config, RunOptions? run = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var scenario = config.ToScenario();
        // No time limit on the checker: an exploration's history is tiny (at most 3 × 5 operations and 3 final reads), and a limit
        // costs a timer and a thread per check.
        var options = (run ?? RunOptions.Default) with
        {
            Exploration = config.Faults, CaptureLog = false, ComputeLinearizations = false, CheckTimeout = null, RunOnCallingThread = true,
        };
        var reduction = config.Bounds.Reduction;
        Verdict? failing = null;
        long runs = 0, unknown = 0;
        IReadOnlyList<int> current = [];
        bool Fails(ScriptedChooser chooser)
        {
            Volatile.Write(ref current, chooser.Script);
            var verdict = ScenarioRunner.Run(scenario, implementation, options with { Chooser = chooser });
            if (!verdict.Failed && runs % config.RepeatEvery == 0 && DeterminismCheck.IsRepeatable(verdict))
            {
                var again = ScenarioRunner.Run(scenario, implementation, options with { Chooser = new ScriptedChooser(Picks(chooser.Trace), reduction) });
                if (again.TraceHash != verdict.TraceHash)
                {
                    verdict = verdict with
                    {
                        Violations = [new Violation(ViolationKind.Nondeterministic, $"two runs of this schedule ended with different trace hashes " +
                            $"({verdict.TraceHashText} and {again.TraceHashText}): the implementation depends on something outside the simulation — an " +
                            "unseeded random number (Random.Shared, new Random(), Guid.NewGuid), the real clock, a thread, Task.Run or a real timer, or " +
                            "a static field left over from an earlier run. Draw random numbers from runtime.Random and time from runtime.Time.")],
                    };
                }
            }
            Interlocked.Increment(ref runs);
            if (verdict.Unknown) unknown++;
            if (verdict.Failed) failing = verdict;
            return verdict.Failed;
        }

        // The schedules run on a thread of their own, each simulation on that thread (no hand-over per run); this thread
        // watches it, and a run that makes no progress for the stall timeout blocked its thread.
        ExplorationResult? search = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var walker = new Thread(() => // outside the simulation: the thread that runs an exploration's simulations one after the other
        {
            try
            {
                search = Explorer.Explore(Fails, config.Bounds, cancel);
            }
            catch (Exception e)
            {
                error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }, 16 * 1024 * 1024) { IsBackground = true, Name = "LabRpc exploration" };
        walker.Start();
        var stall = options.StallTimeout > MinimumStall ? options.StallTimeout : MinimumStall;
        long seen = -1;
        var since = System.Diagnostics.Stopwatch.GetTimestamp(); // outside the simulation: the exploration's stall watch
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(options.StallTimeout.TotalMilliseconds / 4, 10, 50));
        while (!walker.Join(poll))
        {
            long now = Interlocked.Read(ref runs);
            if (now != seen)
            {
                (seen, since) = (now, System.Diagnostics.Stopwatch.GetTimestamp()); // outside the simulation: the exploration's stall watch
                continue;
            }
            // A thread that waits (a lock, .Result, .Wait(), Thread.Sleep) for the stall timeout is blocked; one that keeps running
            // is given as long as a simulation's watchdog gives a busy step.
            var quiet = System.Diagnostics.Stopwatch.GetElapsedTime(since); // outside the simulation: the exploration's stall watch
            bool waiting = (walker.ThreadState & ThreadState.WaitSleepJoin) != 0;
            if (quiet < (waiting ? options.StallTimeout : stall)) continue;
            return Blocked(implementation, config, options, Volatile.Read(ref current), seen, unknown);
        }
        error?.Throw();
        Verdict? failure = null;
        if (search!.Counterexample is { } choices)
        {
            failure = Replay(implementation, config, choices, RunOptions.Diagnostic with
            {
                CheckTimeout = options.CheckTimeout, StallTimeout = options.StallTimeout, StrictEscapeDetection = options.StrictEscapeDetection,
            });
            // A failure that does not show again (nondeterministic code) keeps the verdict that found it.
            if (!failure.Failed) failure = failing!;
            else if (failing!.Violations.Any(v => v.Kind == ViolationKind.Nondeterministic) && !failure.Violations.Any(v => v.Kind == ViolationKind.Nondeterministic))
                failure = failure with { Violations = [.. failure.Violations, .. failing.Violations.Where(v => v.Kind == ViolationKind.Nondeterministic)] };
        }
        return new KvExplorationResult { Config = config, Implementation = implementation.Name, Search = search, Failure = failure, Unknown = unknown };
    }

    /// <summary>Runs one schedule of <paramref name="config"/>: the default choices, but <paramref name="choices"/> at the
    /// first branching points (see <see cref="ScriptedChooser"/>), judged as an exploration judges it.</summary>
    public static Verdict Replay(IKvImplementation implementation, ExplorationConfig config, IReadOnlyList<int> choices, RunOptions? run = null) =>
        Replay(implementation, config, choices, run, out _);

    /// <summary>As <see cref="Replay(IKvImplementation, ExplorationConfig, IReadOnlyList{int}, RunOptions?)"/>, and gives the
    /// chooser, whose trace tells every branching point of the run (and whether the script still fits it).</summary>
    public static Verdict Replay(IKvImplementation implementation, ExplorationConfig config, IReadOnlyList<int> choices, RunOptions? run, out ScriptedChooser chooser)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(choices);
        chooser = new ScriptedChooser(choices, config.Bounds.Reduction);
        return ScenarioRunner.Run(config.ToScenario(), implementation, (run ?? RunOptions.Diagnostic) with { Exploration = config.Faults, Chooser = chooser });
    }

    /// <summary>How long a run may make no progress before it is taken for blocked, whatever a shorter stall timeout:
    /// as a simulation's own watchdog allows a busy step.</summary>
    private static readonly TimeSpan MinimumStall = TimeSpan.FromSeconds(10);

    /// <summary>The result when a run blocked its thread: the schedule run again with the simulation's own watchdog, which
    /// reports the block (and waits out the stall timeout once more).</summary>
    private static KvExplorationResult Blocked(IKvImplementation implementation, ExplorationConfig config, RunOptions options, IReadOnlyList<int> script,
        long runs, long unknown)
    {
        var verdict = Replay(implementation, config, script, RunOptions.Diagnostic with
        {
            StallTimeout = options.StallTimeout, StrictEscapeDetection = options.StrictEscapeDetection,
        }, out var chooser);
        var choices = script.ToArray();
        var search = new ExplorationResult
        {
            Schedules = runs + 1, Runs = runs + 1, Complete = false,
            Incomplete = "a run blocked its thread (a lock, .Result, .Wait(), Thread.Sleep or a loop with no await): the search stopped there", // outside the simulation: a message naming the calls, not a call
            Counterexample = choices, CounterexampleTrace = [.. chooser.Trace], Elapsed = TimeSpan.Zero,
        };
        if (!verdict.Failed)
        {
            verdict = verdict with
            {
                Violations = [new Violation(ViolationKind.RunFailed, "a run of this schedule blocked its thread for the stall timeout during the " +
                    "exploration (a lock, .Result, .Wait(), Thread.Sleep or a loop with no await), but its replay did not: the block depends on timing.")],
            };
        }
        return new KvExplorationResult { Config = config, Implementation = implementation.Name, Search = search, Failure = verdict, Unknown = unknown };
    }

    private static int[] Picks(IReadOnlyList<ChoicePoint> trace)
    {
        var picks = new int[trace.Count];
        for (int i = 0; i < picks.Length; i++) picks[i] = trace[i].Picked;
        return picks;
    }
}
