using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabRpc;

/// <summary>
/// A deterministic world: every task of it runs on one thread (while <see cref="Run"/> waits), in virtual
/// time, with every random choice drawn from one seeded generator. The same seed replays the same run,
/// and <see cref="TraceHash"/> proves it.
/// </summary>
public sealed class Simulation : IRuntime, IDisposable
{
    private readonly ReadyQueue _ready = new();
    private readonly TimerQueue _timers = new();
    private readonly IChooser _chooser;
    private readonly bool _keepReadyOrder;
    private readonly List<Node> _nodes = [];
    private readonly Dictionary<int, GoTask> _liveTasks = [];
    private readonly List<Func<IEnumerable<string>>> _pendingDescribers = [];
    private readonly ManualResetEventSlim _foreignPosted = new(false);
    private ManualResetEventSlim? _wake; // the watchdog's: set when the run finishes or a synchronous wait is noted
    private volatile bool _finished;
    private readonly ILogger _log;
    private int _threadId;
    private bool _running;
    private long _nowTicks;
    private ulong _hash = 0xcbf29ce484222325UL;
    private ExceptionDispatchInfo? _failure;
    private long _steps;
    private WorkItem _runningItem;
    private volatile bool _abandoned;
    private SimulationEscapeException? _escape;
    private SynchronousWaitNote? _synchronousWait;
    private readonly StepRecording? _recording;
    private long _nextMemoryConfirmation;

    /// <summary>Creates a world from <paramref name="seed"/>.</summary>
    public Simulation(ulong seed, SimulationOptions? options = null)
    {
        Seed = seed;
        Options = options ?? new SimulationOptions();
        Random = new DeterministicRandom(seed);
        _chooser = Options.Chooser ?? new RandomChooser(
            Options.Scheduling == SchedulingStrategy.Random ? new DeterministicRandom(seed ^ 0x5DEECE66DUL) : null, Random);
        _keepReadyOrder = _chooser is not RandomChooser;
        Time = new VirtualClock(this);
        LoggerFactory = new SimulationLoggerFactory(Options.LoggerFactory ?? NullLoggerFactory.Instance, this);
        _log = LoggerFactory.CreateLogger("LabRpc.Simulation");
        _threadId = Environment.CurrentManagedThreadId;
        _recording = Options.StepRecording;
        _recording?.Clear();
        MainNode = CreateNode("main");
    }

    /// <summary>The seed this world was built from.</summary>
    public ulong Seed { get; }

    /// <summary>The settings of this run.</summary>
    public SimulationOptions Options { get; }

    /// <summary>The seeded random source for everything in the simulation (faults, client ids, workloads).</summary>
    public DeterministicRandom Random { get; }

    /// <summary>Where the run's choices come from: the next ready task, each message's fate and delay (see <see cref="IChooser"/>).</summary>
    public IChooser Chooser => _chooser;

    /// <summary>The virtual clock. Pass it wherever .NET takes a <see cref="TimeProvider"/>.</summary>
    public TimeProvider Time { get; }

    /// <summary>Virtual time since the start.</summary>
    public TimeSpan Elapsed => new(_nowTicks);

    /// <summary>The virtual wall clock (starts at 2000-01-01 UTC).</summary>
    public DateTimeOffset Now => VirtualClock.Epoch.AddTicks(_nowTicks);

    /// <summary>Loggers whose lines carry the virtual time and the current node.</summary>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>The node <see cref="Run"/>'s main task runs on.</summary>
    public Node MainNode { get; }

    /// <summary>Every node created so far.</summary>
    public IReadOnlyList<Node> Nodes => _nodes;

    /// <summary>The node whose work is running now (the main node outside any task).</summary>
    public Node CurrentNode => CurrentContext.Node;

    /// <summary>Scheduler steps taken so far (continuations and callbacks run).</summary>
    public long Steps => _steps;

    /// <summary>A hash folded from every event of the run: two runs of one seed must end with the same value. It stops
    /// changing when the run fails (at the step that failed), so that what still runs after the failure — work that
    /// escaped to the thread pool, the rest of the failing step — cannot change it.</summary>
    public ulong TraceHash => _hash;

    internal long NowTicks => _nowTicks;

    internal bool OnSimulationThread => Environment.CurrentManagedThreadId == _threadId;

    internal NodeContext CurrentContext =>
        SynchronizationContext.Current is NodeContext ctx && ReferenceEquals(ctx.Simulation, this) ? ctx : MainNode.Context;

    /// <summary>Raised when a node incarnation dies: networks fail the calls it was serving.</summary>
    internal event Action<NodeContext>? NodeKilled;

    /// <summary>The main node's name (the simulation runs as an <see cref="IRuntime"/> for code on its main node).</summary>
    public string Name => MainNode.Name;

    /// <summary>Creates a node; names need not be unique but should be, for readable logs.</summary>
    public Node CreateNode(string name)
    {
        CheckThread("Simulation.CreateNode");
        var node = new Node(this, name, _nodes.Count);
        _nodes.Add(node);
        return node;
    }

    /// <summary>Starts <paramref name="body"/> as a concurrent task on the current node (the goroutine).
    /// An exception in it fails the run.</summary>
    public void Go(Func<Task> body, string? name = null) => Start(CurrentContext, body, name);

    /// <summary>As <see cref="Go"/>, and returns the task so that the caller can await it.</summary>
    public Task Spawn(Func<Task> body, string? name = null) => Start(CurrentContext, body, name);

    /// <summary>A task that completes after <paramref name="delay"/> of virtual time.</summary>
    public Task Delay(TimeSpan delay)
    {
        CheckThread("Simulation.Delay");
        if (delay <= TimeSpan.Zero) return Task.CompletedTask;
        var done = new TaskCompletionSource();
        Schedule(delay.Ticks, CurrentContext, static (s, _) => ((TaskCompletionSource)s!).TrySetResult(), done);
        return done.Task;
    }

    /// <summary>Runs the world until <paramref name="main"/> finishes, on a simulation thread while this one waits.</summary>
    /// <exception cref="SimulationException">On a deadlock, an escape or a spent budget.</exception>
    public void Run(Func<Task> main) => RunLoop(Start(MainNode.Context, main, "main"));

    /// <summary>Runs the world until <paramref name="main"/> finishes, and returns its result.</summary>
    public T Run<T>(Func<Task<T>> main)
    {
        T result = default!;
        Func<Task> body = async () => result = await main();
        Run(body);
        return result;
    }

    /// <summary>Drops the pending work. The nodes' persisters are left to the collector: code that escaped the simulation
    /// may still be writing to them, and freeing their memory under it would corrupt the process.</summary>
    public void Dispose()
    {
        _ready.Clear();
        _timers.Clear();
        _foreignPosted.Dispose();
    }

    internal Task Start(NodeContext context, Func<Task> body, string? name)
    {
        CheckThread("Simulation.Go");
        var entry = new GoTask(name, context, _nowTicks, body);
        var outer = new Task<Task>(static e => ((GoTask)e!).Body(), entry, CancellationToken.None, TaskCreationOptions.DenyChildAttach);
        Task task = outer.Unwrap();
        _liveTasks[task.Id] = entry;
        task.ContinueWith(static (t, s) => ((Simulation)s!).OnGoFinished(t), this,
            CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, context.Scheduler);
        if (context.Alive) outer.Start(context.Scheduler);
        return task;
    }

    internal void Post(NodeContext context, SimCallback callback, object? state, long tag = 0)
    {
        if (context.Alive) _ready.Add(new WorkItem(context, callback, state, tag));
    }

    internal void Schedule(long delayTicks, NodeContext context, SimCallback callback, object? state, long tag = 0) =>
        _timers.Add(_nowTicks + delayTicks, new WorkItem(context, callback, state, tag));

    internal void PostContinuation(NodeContext context, SendOrPostCallback callback, object? state)
    {
        if (!OnSimulationThread)
        {
            ReportForeignPost(context, state);
            return;
        }
        if (context.Alive) _ready.Add(new WorkItem(context, callback, state, 0));
    }

    internal void ReportForeignPost(NodeContext context, object? what)
    {
        string where = DescribeContinuation(what);
        RecordEscape(new SimulationEscapeException(
            $"Work{where} was handed to node '{context.Node.Name}' from {DescribeForeignThread()}, outside the simulation. Some code awaited " +
            "something that ran outside it: " + (EscapeHint.FromStack() ?? "Task.Run, Task.Factory.StartNew on the default scheduler, " +
            "ConfigureAwait(false), a Thread, or a real timer (Task.Delay, CancellationTokenSource, " +
            "SemaphoreSlim.WaitAsync with a timeout but without sim.Time). Use sim.Go for concurrency and " +
            "pass sim.Time to anything that waits.")));
    }

    /// <summary>Strict detection saw simulated code queue work to the thread pool: fails the run (on its own thread, so
    /// the failure is as deterministic as the code that caused it).</summary>
    internal void ReportThreadPoolWork(string caller)
    {
        var item = _runningItem;
        Fail(new SimulationEscapeException(
            $"Work was queued to the thread pool from node '{item.Context}' at virtual time {Elapsed}: Task.Run, " +
            "Task.Factory.StartNew or ContinueWith without a scheduler, or Parallel. It runs outside the simulation, on " +
            $"real threads, so the run depends on timing. Use sim.Go or sim.Spawn for concurrency. Queued at:{caller}"));
    }

    /// <summary>Strict detection saw the simulation's thread start a synchronous wait on an unfinished task: if the step
    /// then stays waiting, it is stuck here (the watchdog reports it without waiting out the stall timeout).</summary>
    internal void NoteSynchronousWait(string caller)
    {
        Volatile.Write(ref _synchronousWait, new SynchronousWaitNote(Volatile.Read(ref _steps), caller));
        try { Volatile.Read(ref _wake)?.Set(); } catch (ObjectDisposedException) { } // wakes the watchdog
    }

    internal void CheckThread(string api)
    {
        if (OnSimulationThread) return;
        var escape = new SimulationEscapeException(
            $"{api} was called from {DescribeForeignThread()}, " +
            "not from the simulation's thread. Simulated code must stay on the simulation: do not use Task.Run, " +
            "ConfigureAwait(false), threads or real timers; use sim.Go, sim.Delay and Task.Delay(d, sim.Time).");
        RecordEscape(escape);
        throw escape;
    }

    internal void Fail(Exception error)
    {
        _failure ??= ExceptionDispatchInfo.Capture(error);
    }

    internal void Trace(ulong value)
    {
        if (_failure is not null) return; // frozen at the failure: see TraceHash
        ulong h = (_hash ^ value) * 0x9E3779B97F4A7C15UL;
        _hash = h ^ (h >> 29);
    }

    /// <summary>"a thread-pool thread" or "another thread": not its number, which differs from run to run.</summary>
    private static string DescribeForeignThread() =>
        Thread.CurrentThread.IsThreadPoolThread ? "a thread-pool thread" : "a thread other than the simulation's";

    internal void AddPendingDescriber(Func<IEnumerable<string>> describer) => _pendingDescribers.Add(describer);

    internal void OnNodeKilled(NodeContext context)
    {
        _log.LogDebug("node {Node} killed", context);
        Trace(0xDEAD0000UL | (uint)context.Node.Id);
        NodeKilled?.Invoke(context);
    }

    internal void OnNodeRestarted(NodeContext context)
    {
        _log.LogDebug("node {Node} restarted", context);
        Trace(0xBEEF0000UL | (uint)context.Node.Id);
    }

    private void OnGoFinished(Task task)
    {
        _liveTasks.Remove(task.Id);
        if (task.IsFaulted)
        {
            var inner = task.Exception!.InnerExceptions;
            Fail(inner.Count == 1 ? inner[0] : task.Exception);
        }
        else if (task.IsCanceled)
        {
            Fail(new TaskCanceledException(task));
        }
    }

    private void RunLoop(Task main)
    {
        if (_running) throw new InvalidOperationException("Simulation.Run is already running; it cannot be nested.");
        if (_failure is not null)
            throw new InvalidOperationException("This simulation has already failed, and its world is in an unknown state: create a new Simulation.", _failure.SourceException);
        _running = true;
        if (Options.RunOnCallingThread)
        {
            RunHere(main);
            return;
        }
        // The world runs on a worker thread of its own so that a step that blocks (.Result, .Wait(), Thread.Sleep)
        // is reported after StallTimeout instead of hanging the caller forever. The caller waits.
        ExceptionDispatchInfo? crash = null;
        using var finished = new ManualResetEventSlim(false);
        _finished = false;
        Volatile.Write(ref _wake, finished);
        var worker = SimulationThread.Rent();
        _threadId = worker.ThreadId;
        var watch = Options.StrictEscapeDetection ? ThreadPoolWatch.Acquire() : null; // released here too if the run is abandoned
        worker.Start(() =>
        {
            try
            {
                watch?.Bind(this);
                Loop(main);
            }
            catch (Exception error)
            {
                crash = ExceptionDispatchInfo.Capture(error);
            }
            finally
            {
                watch?.Dispose();
                _runningItem = default; // the last step's state (a call and its reply) must not outlive the run
                SynchronizationContext.SetSynchronizationContext(null);
                _finished = true;
                try { finished.Set(); } catch (ObjectDisposedException) { } // the caller gave up on a stuck run
            }
        });
        WatchForStall(finished, worker);
        Volatile.Write(ref _wake, null);
        if (!_abandoned) worker.Return();
        else watch?.Dispose(); // the stuck worker will not release it
        _threadId = Environment.CurrentManagedThreadId;
        _running = false;
        crash?.Throw();
        _failure?.Throw();
        main.GetAwaiter().GetResult();
    }

    /// <summary>Runs the world on this thread (<see cref="SimulationOptions.RunOnCallingThread"/>): no watchdog.</summary>
    private void RunHere(Task main)
    {
        _finished = false;
        _threadId = Environment.CurrentManagedThreadId;
        var previous = SynchronizationContext.Current;
        var watch = Options.StrictEscapeDetection ? ThreadPoolWatch.Acquire() : null;
        try
        {
            watch?.Bind(this);
            Loop(main);
        }
        finally
        {
            watch?.Dispose();
            _runningItem = default; // the last step's state (a call and its reply) must not outlive the run
            SynchronizationContext.SetSynchronizationContext(previous);
            _finished = true;
            _running = false;
        }
        _failure?.Throw();
        main.GetAwaiter().GetResult();
    }

    /// <summary>
    /// Waits for the run to finish, and gives it up when one step has been waiting (a lock, <c>.Result</c>, <c>.Wait()</c>,
    /// <c>Thread.Sleep</c>) for <see cref="SimulationOptions.StallTimeout"/>, or running for <see cref="BusyStepLimit"/> if that
    /// is longer: a step that compiles code or collects garbage on a loaded machine is slow, not stuck.
    /// </summary>
    private void WatchForStall(ManualResetEventSlim finished, SimulationThread worker)
    {
        var stall = Options.StallTimeout;
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
            finished.Wait(noted is not null && noted.Step == Volatile.Read(ref _steps) ? quick : poll);
            finished.Reset(); // woken by a noted wait (or the end: _finished was set before)
            if (_finished) break;
            long steps = Volatile.Read(ref _steps);
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
            _abandoned = true;
            var item = _runningItem;
            if (waitsOnItself)
            {
                Fail(new SimulationBlockedException(
                    $"The simulation's thread is waiting for an unfinished task with .Result, .Wait() or GetAwaiter().GetResult(), at " +
                    $"virtual time {Elapsed} on node '{item.Context}'{DescribeContinuation(item.State ?? item.Callback)}. Only the " +
                    $"simulation could finish that task, and it is the one waiting: it never will. Await the task instead. Waiting at:{wait!.Caller}", waitedOutStallTimeout: false));
                return;
            }
            Fail(new SimulationBlockedException(
                $"The simulation has been stuck in one step for {Stopwatch.GetElapsedTime(lastChange).TotalSeconds:0.#} s of real time, at " +
                $"virtual time {Elapsed} on node '{item.Context}'{DescribeContinuation(item.State ?? item.Callback)}. Simulated " +
                "code is blocking its thread: .Result, .Wait(), GetAwaiter().GetResult() on a task that is not finished, " +
                "Thread.Sleep, a lock held elsewhere, or a loop with no await. Await instead; sleep with sim.Delay. " +
                "(SimulationOptions.StallTimeout sets how long a step may take.)"));
            return;
        }
    }

    /// <summary>How long a step that keeps running (not waiting) may take before it is reported as stuck, whatever a
    /// shorter <see cref="SimulationOptions.StallTimeout"/>: a loop with no await never waits.</summary>
    internal static readonly TimeSpan BusyStepLimit = TimeSpan.FromSeconds(10);

    private void Loop(Task main)
    {
        long maxSteps = Options.MaxSteps;
        long maxTicks = Options.MaxVirtualTime.Ticks;
        long? maxMemory = Options.MaxManagedMemory;
        while (!main.IsCompleted && _failure is null && !_abandoned)
        {
            if (Volatile.Read(ref _escape) is { } escape)
            {
                Fail(escape);
                return;
            }
            if (_ready.Count == 0)
            {
                if (_timers.Count == 0)
                {
                    StopStuck();
                    return;
                }
                long due = _timers.NextDue;
                if (due > maxTicks)
                {
                    Fail(new SimulationBudgetException(
                        $"Virtual-time budget spent: the next event is at virtual time {new TimeSpan(due)}, past the budget of " +
                        $"{Options.MaxVirtualTime} (SimulationOptions.MaxVirtualTime), after {_steps} steps, and the main task has " +
                        "not finished. Either a livelock (something that retries or polls forever), or a call that never gets an " +
                        "answer (a server that never replies, a clerk that never gives up). If the run really needs longer, raise " +
                        $"the budget.{DescribePending()}", nameof(SimulationOptions.MaxVirtualTime)));
                    return;
                }
                if (due > _nowTicks)
                {
                    _nowTicks = due;
                    Trace((ulong)due);
                }
                while (_timers.Count > 0 && _timers.NextDue == due) _ready.Add(_timers.Pop());
                continue;
            }

            WorkItem item = _ready.Take(_chooser, _keepReadyOrder);
            if (!item.Context.Alive) continue;
            _runningItem = item;
            if (++_steps > maxSteps)
            {
                Fail(new SimulationBudgetException(
                    $"Step budget spent: the run took more than {maxSteps} scheduler steps (SimulationOptions.MaxSteps) by " +
                    $"virtual time {Elapsed}, and the main task has not finished. Either a livelock (tasks that keep yielding to " +
                    "each other or retrying without end), or a call that never gets an answer (a server that never replies, " +
                    "while its clerk retries forever). If the run really needs more steps, raise the budget." +
                    DescribePending(), nameof(SimulationOptions.MaxSteps)));
                return;
            }
            if (maxMemory is { } memoryBudget && (_steps & (SimulationOptions.MemoryCheckInterval - 1)) == 0 && OverMemoryBudget(memoryBudget))
                return;
            Trace((ulong)item.Context.Node.Id);
            if (!ReferenceEquals(SynchronizationContext.Current, item.Context))
                SynchronizationContext.SetSynchronizationContext(item.Context);
            try
            {
                item.Invoke();
            }
            catch (Exception error)
            {
                // Code whose node was killed during this step (a crash at a persister call) ran on after its crash: what it
                // does then, throwing included, is lost with the node.
                if (item.Context.Alive) Fail(error);
            }
            _recording?.Add(_steps, _nowTicks, item.Context, item.State ?? item.Callback, _hash);
        }
    }

    /// <summary>Whether the managed heap is past <paramref name="budget"/> (then the run has failed): a cheap reading first, and
    /// if it is over, a full collection to tell live data from garbage not yet collected.</summary>
    private bool OverMemoryBudget(long budget)
    {
        if (GC.GetTotalMemory(forceFullCollection: false) <= budget || _steps < _nextMemoryConfirmation) return false;
        long live = GC.GetTotalMemory(forceFullCollection: true);
        if (live <= budget)
        {
            // Mostly garbage: confirm again only after a while, so that a heap that hovers near the budget is not collected
            // every few thousand steps.
            _nextMemoryConfirmation = _steps + 64L * SimulationOptions.MemoryCheckInterval;
            return false;
        }
        Fail(new SimulationBudgetException(
            $"Memory budget spent: the process's managed heap holds {Megabytes(live)} after a full collection, past the budget of " +
            $"{Megabytes(budget)} (SimulationOptions.MaxManagedMemory), at step {_steps}, virtual time {Elapsed}, and the main task " +
            "has not finished. The run is too big for its limit (too many clients or operations), or the code under test keeps " +
            "what it should let go (a log or table that only grows). Make the run smaller, or raise the budget if the machine has " +
            "the memory; note that simulations running in parallel in one process share the heap and the budget." +
            DescribePending(), nameof(SimulationOptions.MaxManagedMemory)));
        return true;
    }

    private static string Megabytes(long bytes) => $"{bytes / (1024.0 * 1024):0.#} MiB";

    private void StopStuck()
    {
        if (Volatile.Read(ref _escape) is null) _foreignPosted.Wait(Options.EscapeGrace);
        if (Volatile.Read(ref _escape) is { } escape)
        {
            Fail(escape);
            return;
        }
        Fail(new SimulationDeadlockException(
            $"Deadlock at virtual time {Elapsed}: no task can run and no timer is pending, but the main task has not " +
            $"finished. Something awaits what nobody will complete: a TaskCompletionSource, a lock or semaphore never " +
            $"released, a channel nobody writes to, a task on a node that was killed, or a real timer (Task.Delay or a " +
            $"timeout without sim.Time, which virtual time never reaches).{DescribePending()}"));
    }

    private void RecordEscape(SimulationEscapeException escape)
    {
        Interlocked.CompareExchange(ref _escape, escape, null);
        try { _foreignPosted.Set(); } catch (ObjectDisposedException) { }
    }

    /// <summary>The lines of what is still pending (the describers' calls, the named tasks), at most
    /// <see cref="MaxPendingLines"/> of them: a run of thousands of clients would otherwise give a message as long.</summary>
    private string DescribePending()
    {
        var text = new StringBuilder();
        int lines = 0, more = 0;
        void Line(string line)
        {
            if (lines++ < MaxPendingLines) text.Append("\n  - ").Append(line);
            else more++;
        }
        foreach (var describe in _pendingDescribers)
            foreach (string line in describe())
                Line(line);
        int unnamed = 0;
        foreach (var task in _liveTasks.Values)
        {
            if (task.Name is null) unnamed++;
            else Line($"task '{task.Name}' on node '{task.Context}', started at {new TimeSpan(task.StartedTicks)}, has not finished");
        }
        if (more > 0) text.Append($"\n  - and {more} more");
        if (unnamed > 0) text.Append($"\n  - {unnamed} unnamed task(s) started with Go have not finished");
        return text.Length == 0 ? "" : "\nPending:" + text;
    }

    private const int MaxPendingLines = 30;

    private static string DescribeContinuation(object? what) => DescribeStep(StepKey(what, out long id), id);

    /// <summary>What a step runs, as cheaply as it can be told (for <see cref="StepRecording"/>): a marker for the timers, a
    /// call's method (and its number in <paramref name="id"/>), a task's start, an async method's state machine type, or null.
    /// <see cref="DescribeStep"/> turns it into words later.</summary>
    internal static object? StepKey(object? what, out long id)
    {
        id = 0;
        switch (what)
        {
            case TaskCompletionSource: return DelayTimerStep;
            case VirtualTimer: return TimeTimerStep;
            case PendingCall call:
                id = call.Id;
                return call.Method;
            case Task { AsyncState: GoTask go }: return go;
            default: return FindAsyncMethod(what, depth: 0);
        }
    }

    /// <summary>The words for a <see cref="StepKey"/>: " (a timer of sim.Delay: ...)", or "" if nothing is known.</summary>
    internal static string DescribeStep(object? key, long id) => key switch
    {
        // Code that resumes inline when a timer fires or a call's reply arrives runs in that step.
        _ when ReferenceEquals(key, DelayTimerStep) => " (a timer of sim.Delay: code resuming after it)",
        _ when ReferenceEquals(key, TimeTimerStep) => " (a timer of sim.Time: code resuming after Task.Delay, a timeout or a PeriodicTimer)",
        string method => $" (call {id} {method}: the server's handler, or the caller resuming with its outcome)",
        GoTask go => $" (the start of {(go.Name is null ? "a task" : $"task '{go.Name}'")}, {DescribeMethod(go.Body.Method.DeclaringType, go.Body.Method.Name)})",
        Type machine => $" (the continuation of async method {DescribeMethod(machine.DeclaringType, machine.Name)})",
        _ => "",
    };

    private static readonly object DelayTimerStep = new();
    private static readonly object TimeTimerStep = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Type?> MachineOfTarget = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.FieldInfo[]> DelegateFields = new();

    /// <summary>The state machine type of the async method behind a continuation: the delegate's target is the method's box,
    /// or (when the runtime's task events are on) a wrapper that holds the delegate in a field. Cached per type.</summary>
    private static Type? FindAsyncMethod(object? what, int depth)
    {
        object? target = what is Delegate d ? d.Target : what;
        if (target is null || depth > 2) return null;
        var type = target.GetType();
        var machine = MachineOfTarget.GetOrAdd(type, static t =>
        {
            foreach (var arg in t.IsGenericType ? t.GetGenericArguments() : [])
            {
                if (arg.Name.StartsWith('<')) return arg;
            }
            return null;
        });
        if (machine is not null || what is not Delegate) return machine;
        var fields = DelegateFields.GetOrAdd(type, static t => [.. t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Where(f => typeof(Delegate).IsAssignableFrom(f.FieldType))]);
        foreach (var field in fields)
        {
            if (FindAsyncMethod(field.GetValue(target), depth + 1) is { } found) return found;
        }
        return null;
    }

    /// <summary>"Type.Method" for a method or an async method's state machine; "a lambda in Type.Method" for a lambda.</summary>
    private static string DescribeMethod(Type? type, string name)
    {
        while (type is { DeclaringType: { } outer } && type.Name.StartsWith('<')) type = outer; // closures and lambdas' classes
        string inner = name.TrimStart('<'); // "<M>d__3" (async M), "<M>b__0_1" (a lambda in M), "<<M>b__0_1>d" (an async one)
        int close = inner.IndexOf('>');
        bool generated = inner.Length < name.Length && close > 0;
        string method = generated ? inner[..close] : name;
        bool lambda = generated && inner.AsSpan(close + 1).StartsWith("b__");
        return $"{(lambda ? "a lambda in " : "")}'{type?.Name}.{method}'";
    }

    private sealed record SynchronousWaitNote(long Step, string Caller);

    private sealed record GoTask(string? Name, NodeContext Context, long StartedTicks, Func<Task> Body);
}
