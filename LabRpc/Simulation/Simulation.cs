using System.Runtime.ExceptionServices;
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
    private readonly PendingWork _pending = new();
    private readonly StallWatchdog _watchdog;
    private readonly ManualResetEventSlim _foreignPosted = new(false);
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
        _watchdog = new StallWatchdog(this);
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

    /// <summary>The steps taken so far, read from another thread (the watchdog's).</summary>
    internal long VolatileSteps => Volatile.Read(ref _steps);

    /// <summary>Whether the running <see cref="Run"/> has finished its loop (read from the watchdog's thread).</summary>
    internal bool Finished => _finished;

    /// <summary>The step running now (or last run).</summary>
    internal WorkItem RunningItem => _runningItem;

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
        _pending.Started(task.Id, entry);
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

    internal void ReportForeignPost(NodeContext context, object? what) => RecordEscape(SimulationErrors.ForeignPost(context, what));

    /// <summary>Strict detection saw simulated code queue work to the thread pool: fails the run (on its own thread, so
    /// the failure is as deterministic as the code that caused it).</summary>
    internal void ReportThreadPoolWork(string caller) => Fail(SimulationErrors.ThreadPoolWork(_runningItem, Elapsed, caller));

    /// <summary>Strict detection saw the simulation's thread start a synchronous wait on an unfinished task.</summary>
    internal void NoteSynchronousWait(string caller) => _watchdog.NoteSynchronousWait(caller);

    /// <summary>The watchdog gave the run up: the loop stops at its next step, and the stuck worker is not reused.</summary>
    internal void Abandon() => _abandoned = true;

    internal void CheckThread(string api)
    {
        if (OnSimulationThread) return;
        var escape = SimulationErrors.WrongThread(api);
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

    internal void AddPendingDescriber(Func<IEnumerable<string>> describer) => _pending.AddDescriber(describer);

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
        _pending.Finished(task.Id);
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
        // No spinning before it blocks: the caller waits for the whole run, and a spinning caller takes a core from the run
        // itself, or from runs in parallel (a sweep of short runs spent a third of its CPU time spinning here).
        using var finished = new ManualResetEventSlim(false, spinCount: 0);
        _finished = false;
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
        _watchdog.Watch(finished, worker);
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
                    Fail(SimulationErrors.VirtualTimeBudget(due, Options.MaxVirtualTime, _steps, _pending.Describe()));
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
                Fail(SimulationErrors.StepBudget(maxSteps, Elapsed, _pending.Describe()));
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
        Fail(SimulationErrors.MemoryBudget(live, budget, _steps, Elapsed, _pending.Describe()));
        return true;
    }

    private void StopStuck()
    {
        if (Volatile.Read(ref _escape) is null) _foreignPosted.Wait(Options.EscapeGrace);
        if (Volatile.Read(ref _escape) is { } escape)
        {
            Fail(escape);
            return;
        }
        Fail(SimulationErrors.Deadlock(Elapsed, _pending.Describe()));
    }

    private void RecordEscape(SimulationEscapeException escape)
    {
        Interlocked.CompareExchange(ref _escape, escape, null);
        try { _foreignPosted.Set(); } catch (ObjectDisposedException) { }
    }
}
