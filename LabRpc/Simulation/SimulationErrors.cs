namespace LabRpc;

/// <summary>The errors a run fails with when simulated code escapes the simulation, a budget is spent or nothing can run:
/// each says what happened and what the student's code should do instead (student code holds an <see cref="IRuntime"/>
/// named <c>runtime</c>).</summary>
internal static class SimulationErrors
{
    /// <summary>Work was handed back to <paramref name="context"/> from a thread other than the simulation's.</summary>
    public static SimulationEscapeException ForeignPost(NodeContext context, object? what) =>
        new($"Work{StepDescriptions.DescribeContinuation(what)} was handed to node '{context.Node.Name}' from {StepDescriptions.DescribeForeignThread()}, outside the simulation. Some code awaited " +
            "something that ran outside it: " + (EscapeHint.FromStack() ?? "Task.Run, Task.Factory.StartNew on the default scheduler, " +
            "ConfigureAwait(false), a Thread, or a real timer (Task.Delay, CancellationTokenSource, " +
            "SemaphoreSlim.WaitAsync with a timeout but without runtime.Time). Use runtime.Go for concurrency and " +
            "pass runtime.Time to anything that waits."));

    /// <summary>Strict detection saw the step of <paramref name="item"/> queue work to the thread pool.</summary>
    public static SimulationEscapeException ThreadPoolWork(in WorkItem item, TimeSpan elapsed, string caller) =>
        new($"Work was queued to the thread pool from node '{item.Context}' at virtual time {elapsed}: Task.Run, " +
            "Task.Factory.StartNew or ContinueWith without a scheduler, or Parallel. It runs outside the simulation, on " +
            $"real threads, so the run depends on timing. Use runtime.Go or runtime.Spawn for concurrency. Queued at:{caller}");

    /// <summary>A simulation API, <paramref name="api"/>, was called from a thread other than the simulation's.</summary>
    public static SimulationEscapeException WrongThread(string api) =>
        new($"{api} was called from {StepDescriptions.DescribeForeignThread()}, " +
            "not from the simulation's thread. Simulated code must stay on the simulation: do not use Task.Run, " +
            "ConfigureAwait(false), threads or real timers; use runtime.Go, runtime.Delay and Task.Delay(d, runtime.Time).");

    /// <summary>The next event is at <paramref name="due"/>, past the virtual-time budget.</summary>
    public static SimulationBudgetException VirtualTimeBudget(long due, TimeSpan budget, long steps, string pending) =>
        new($"Virtual-time budget spent: the next event is at virtual time {new TimeSpan(due)}, past the budget of " +
            $"{budget} (SimulationOptions.MaxVirtualTime), after {steps} steps, and the main task has " +
            "not finished. Either a livelock (something that retries or polls forever), or a call that never gets an " +
            "answer (a server that never replies, a clerk that never gives up). If the run really needs longer, raise " +
            $"the budget.{pending}", nameof(SimulationOptions.MaxVirtualTime));

    /// <summary>The run took more than <paramref name="maxSteps"/> steps.</summary>
    public static SimulationBudgetException StepBudget(long maxSteps, TimeSpan elapsed, string pending) =>
        new($"Step budget spent: the run took more than {maxSteps} scheduler steps (SimulationOptions.MaxSteps) by " +
            $"virtual time {elapsed}, and the main task has not finished. Either a livelock (tasks that keep yielding to " +
            "each other or retrying without end), or a call that never gets an answer (a server that never replies, " +
            "while its clerk retries forever). If the run really needs more steps, raise the budget." +
            pending, nameof(SimulationOptions.MaxSteps));

    /// <summary>The managed heap holds <paramref name="live"/> bytes after a full collection, past <paramref name="budget"/>.</summary>
    public static SimulationBudgetException MemoryBudget(long live, long budget, long steps, TimeSpan elapsed, string pending) =>
        new($"Memory budget spent: the process's managed heap holds {Megabytes(live)} after a full collection, past the budget of " +
            $"{Megabytes(budget)} (SimulationOptions.MaxManagedMemory), at step {steps}, virtual time {elapsed}, and the main task " +
            "has not finished. The run is too big for its limit (too many clients or operations), or the code under test keeps " +
            "what it should let go (a log or table that only grows). Make the run smaller, or raise the budget if the machine has " +
            "the memory; note that simulations running in parallel in one process share the heap and the budget." +
            pending, nameof(SimulationOptions.MaxManagedMemory));

    /// <summary>Nothing can run and no timer is pending, but the main task has not finished.</summary>
    public static SimulationDeadlockException Deadlock(TimeSpan elapsed, string pending) =>
        new($"Deadlock at virtual time {elapsed}: no task can run and no timer is pending, but the main task has not " +
            $"finished. Something awaits what nobody will complete: a TaskCompletionSource, a lock or semaphore never " +
            $"released, a channel nobody writes to, a task on a node that was killed, or a real timer (Task.Delay or a " +
            $"timeout without runtime.Time, which virtual time never reaches).{pending}");

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MiB";
}
