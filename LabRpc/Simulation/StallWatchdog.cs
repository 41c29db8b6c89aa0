using System.Diagnostics;

namespace LabRpc;

/// <summary>
/// Watches a run from the thread that called <see cref="Simulation.Run"/>, and gives the run up when one step has been
/// waiting (a lock, <c>.Result</c>, <c>.Wait()</c>, <c>Thread.Sleep</c>) for <see cref="SimulationOptions.StallTimeout"/>, or
/// running for <see cref="BusyStepLimit"/> if that is longer: a step that compiles code or collects garbage on a loaded
/// machine is slow, not stuck. A synchronous wait that strict detection saw (<see cref="NoteSynchronousWait"/>) is
/// confirmed and reported at once.
/// </summary>
internal sealed class StallWatchdog(Simulation simulation)
{
    /// <summary>How long a step that keeps running (not waiting) may take before it is reported as stuck, whatever a
    /// shorter <see cref="SimulationOptions.StallTimeout"/>: a loop with no await never waits.</summary>
    internal static readonly TimeSpan BusyStepLimit = TimeSpan.FromSeconds(10);

    private ManualResetEventSlim? _wake; // set when the run finishes or a synchronous wait is noted
    private SynchronousWaitNote? _synchronousWait;

    /// <summary>Strict detection saw the simulation's thread start a synchronous wait on an unfinished task: if the step
    /// then stays waiting, it is stuck here (the watchdog reports it without waiting out the stall timeout).</summary>
    public void NoteSynchronousWait(string caller)
    {
        Volatile.Write(ref _synchronousWait, new SynchronousWaitNote(simulation.VolatileSteps, caller));
        try { Volatile.Read(ref _wake)?.Set(); } catch (ObjectDisposedException) { } // wakes the watchdog
    }

    /// <summary>Waits for the run on <paramref name="worker"/> to finish (<paramref name="finished"/> is set), or gives it up
    /// (<see cref="Simulation.Abandon"/>) and fails it with a <see cref="SimulationBlockedException"/>.</summary>
    public void Watch(ManualResetEventSlim finished, SimulationThread worker)
    {
        Volatile.Write(ref _wake, finished);
        try
        {
            WatchUntilDone(finished, worker);
        }
        finally
        {
            Volatile.Write(ref _wake, null);
        }
    }

    private void WatchUntilDone(ManualResetEventSlim finished, SimulationThread worker)
    {
        var stall = simulation.Options.StallTimeout;
        var busy = stall > BusyStepLimit ? stall : BusyStepLimit;
        var poll = TimeSpan.FromMilliseconds(Math.Clamp(stall.TotalMilliseconds / 4, 10, 200));
        long lastSteps = -1;
        long lastChange = Stopwatch.GetTimestamp(); // outside the simulation: the stall watchdog measures real time on its own thread; it never decides what a run does
        long waitingSince = 0;
        // A synchronous wait that strict detection saw is confirmed quickly: polled often, stuck once it has waited this long.
        var confirm = TimeSpan.FromMilliseconds(Math.Min(poll.TotalMilliseconds, 50));
        var quick = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var noted = Volatile.Read(ref _synchronousWait);
            finished.Wait(noted is not null && noted.Step == simulation.VolatileSteps ? quick : poll);
            finished.Reset(); // woken by a noted wait (or the end: Finished was set before)
            if (simulation.Finished) break;
            long steps = simulation.VolatileSteps;
            if (steps != lastSteps)
            {
                lastSteps = steps;
                lastChange = Stopwatch.GetTimestamp(); // outside the simulation: the stall watchdog measures real time on its own thread; it never decides what a run does
                waitingSince = 0;
                continue;
            }
            if (!worker.IsWaiting) waitingSince = 0;
            else if (waitingSince == 0) waitingSince = Stopwatch.GetTimestamp(); // outside the simulation: the stall watchdog measures real time on its own thread; it never decides what a run does
            bool waitedTooLong = waitingSince != 0 && Stopwatch.GetElapsedTime(waitingSince) >= stall; // outside the simulation: the stall watchdog measures real time on its own thread; it never decides what a run does
            var wait = Volatile.Read(ref _synchronousWait);
            bool waitsOnItself = wait is not null && wait.Step == steps && waitingSince != 0 && Stopwatch.GetElapsedTime(waitingSince) >= confirm; // outside the simulation: the stall watchdog measures real time on its own thread; it never decides what a run does
            if (!waitedTooLong && !waitsOnItself && Stopwatch.GetElapsedTime(lastChange) < busy) continue; // outside the simulation: the stall watchdog measures real time on its own thread; it never decides what a run does
            simulation.Abandon();
            var item = simulation.RunningItem;
            if (waitsOnItself)
            {
                simulation.Fail(new SimulationBlockedException(
                    $"The simulation's thread is waiting for an unfinished task with .Result, .Wait() or GetAwaiter().GetResult(), at " +
                    $"virtual time {simulation.Elapsed} on node '{item.Context}'{StepDescriptions.DescribeContinuation(item.State ?? item.Callback)}. Only the " +
                    $"simulation could finish that task, and it is the one waiting: it never will. Await the task instead. Waiting at:{wait!.Caller}", waitedOutStallTimeout: false));
                return;
            }
            simulation.Fail(new SimulationBlockedException(
                $"The simulation has been stuck in one step for {Stopwatch.GetElapsedTime(lastChange).TotalSeconds:0.#} s of real time, at " +
                $"virtual time {simulation.Elapsed} on node '{item.Context}'{StepDescriptions.DescribeContinuation(item.State ?? item.Callback)}. Simulated " +
                "code is blocking its thread: .Result, .Wait(), GetAwaiter().GetResult() on a task that is not finished, " +
                "Thread.Sleep, a lock held elsewhere, or a loop with no await. Await instead; sleep with runtime.Delay. " +
                "(SimulationOptions.StallTimeout sets how long a step may take.)"));
            return;
        }
    }

    private sealed record SynchronousWaitNote(long Step, string Caller);
}
