using KvService.Scenarios;
using LabRpc;
using LabRpc.Exploration;

namespace KvService.Labs;

/// <summary>
/// Systematic exploration of any lab: every schedule of one small scenario within the bounds (which node runs next, each
/// message's fate the network asks the chooser about, and whatever else the lab's run asks it) is run from the start and
/// judged as the lab judges a run, and the walk stops at the first that fails. A sample of the schedules runs twice (two
/// runs of one schedule must end with one trace hash). The schedules run one after the other on a thread of their own,
/// watched: a run that makes no progress for the stall timeout blocked its thread, and the search stops there.
/// </summary>
public static class LabExplorer
{
    /// <summary>How long a run may make no progress before it is taken for blocked, whatever a shorter stall timeout: as a
    /// simulation's own watchdog allows a busy step.</summary>
    private static readonly TimeSpan MinimumStall = TimeSpan.FromSeconds(10);

    /// <summary>Explores <paramref name="scenario"/> of <paramref name="lab"/> within <paramref name="bounds"/>. Each schedule is
    /// run as <see cref="LabRun.AsGiven"/> with its chooser, and the failing one again as <see cref="LabRun.Diagnostic"/>.</summary>
    public static LabExplorationResult<TVerdict> Explore<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, TScenario scenario, ExplorationBounds bounds,
        int repeatEvery, CancellationToken cancel = default)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(bounds);
        var reduction = bounds.Reduction;
        TVerdict? failing = null;
        long runs = 0, unknown = 0;
        IReadOnlyList<int> current = [];
        bool Fails(ScriptedChooser chooser)
        {
            Volatile.Write(ref current, chooser.Script);
            var verdict = lab.Run(scenario, LabRun.AsGiven, chooser: chooser);
            if (!verdict.Failed && repeatEvery > 0 && runs % repeatEvery == 0 && LabDeterminism.IsRepeatable(verdict))
            {
                var again = lab.Run(scenario, LabRun.AsGiven, chooser: new ScriptedChooser(Picks(chooser.Trace), reduction));
                if (again.TraceHash != verdict.TraceHash)
                {
                    verdict = lab.WithViolations(verdict, [new Violation(ViolationKind.Nondeterministic, $"two runs of this schedule ended with different trace hashes " +
                        $"({verdict.TraceHashText} and {again.TraceHashText}): the implementation depends on something outside the simulation — an " +
                        "unseeded random number (Random.Shared, new Random(), Guid.NewGuid), the real clock, a thread, Task.Run or a real timer, or " +
                        "a static field left over from an earlier run. Draw random numbers from runtime.Random and time from runtime.Time.")]);
                }
            }
            Interlocked.Increment(ref runs);
            if (verdict.Unknown) unknown++;
            if (verdict.Failed) failing = verdict;
            return verdict.Failed;
        }

        ExplorationResult? search = null;
        System.Runtime.ExceptionServices.ExceptionDispatchInfo? error = null;
        var walker = new Thread(() => // outside the simulation: the thread that runs an exploration's simulations one after the other
        {
            try
            {
                search = Explorer.Explore(Fails, bounds, cancel);
            }
            catch (Exception e)
            {
                error = System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e);
            }
        }, 16 * 1024 * 1024) { IsBackground = true, Name = "LabRpc exploration" };
        walker.Start();
        var stallTimeout = lab.StallTimeout;
        var stall = stallTimeout > MinimumStall ? stallTimeout : MinimumStall;
        long seen = -1;
        var since = System.Diagnostics.Stopwatch.GetTimestamp(); // outside the simulation: the exploration's stall watch
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(stallTimeout.TotalMilliseconds / 4, 10, 50));
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
            if (quiet < (waiting ? stallTimeout : stall)) continue;
            return Blocked(lab, scenario, reduction, Volatile.Read(ref current), seen, unknown);
        }
        error?.Throw();
        TVerdict? failure = null;
        if (search!.Counterexample is { } choices)
        {
            failure = lab.Run(scenario, LabRun.Diagnostic, chooser: new ScriptedChooser(choices, reduction));
            // A failure that does not show again (nondeterministic code) keeps the verdict that found it.
            if (!failure.Failed) failure = failing!;
            else if (LabDeterminism.IsNondeterministic(failing!) && !LabDeterminism.IsNondeterministic(failure))
                failure = lab.WithViolations(failure, [.. failure.Violations, .. failing!.Violations.Where(v => v.Kind == ViolationKind.Nondeterministic)]);
        }
        return new LabExplorationResult<TVerdict> { Search = search, Failure = failure, Unknown = unknown };
    }

    /// <summary>The result when a run blocked its thread: the schedule run again with the simulation's own watchdog, which
    /// reports the block (and waits out the stall timeout once more).</summary>
    private static LabExplorationResult<TVerdict> Blocked<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, TScenario scenario, Reduction reduction,
        IReadOnlyList<int> script, long runs, long unknown)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        var chooser = new ScriptedChooser(script, reduction);
        var verdict = lab.Run(scenario, LabRun.Diagnostic, chooser: chooser);
        var search = new ExplorationResult
        {
            Schedules = runs + 1, Runs = runs + 1, Complete = false,
            Incomplete = "a run blocked its thread (a lock, .Result, .Wait(), Thread.Sleep or a loop with no await): the search stopped there", // outside the simulation: a message naming the calls, not a call
            Counterexample = [.. script], CounterexampleTrace = [.. chooser.Trace], Elapsed = TimeSpan.Zero,
        };
        if (!verdict.Failed)
        {
            verdict = lab.WithViolations(verdict, [new Violation(ViolationKind.RunFailed, "a run of this schedule blocked its thread for the stall timeout during the " +
                "exploration (a lock, .Result, .Wait(), Thread.Sleep or a loop with no await), but its replay did not: the block depends on timing.")]);
        }
        return new LabExplorationResult<TVerdict> { Search = search, Failure = verdict, Unknown = unknown };
    }

    private static int[] Picks(IReadOnlyList<ChoicePoint> trace)
    {
        var picks = new int[trace.Count];
        for (int i = 0; i < picks.Length; i++) picks[i] = trace[i].Picked;
        return picks;
    }
}
