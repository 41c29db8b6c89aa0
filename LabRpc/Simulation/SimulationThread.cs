namespace LabRpc;

/// <summary>
/// A reusable thread that runs one simulation loop at a time, so that a run does not pay for a new thread.
/// A worker whose loop got stuck (blocked by simulated code) is abandoned and never reused.
/// </summary>
internal sealed class SimulationThread
{
    private const int MaxIdle = 8;
    private static readonly Stack<SimulationThread> Idle = new();

    private readonly Thread _thread;
    // Set when a job is handed over (or the worker is let go). It does not spin before it blocks: an idle worker waits
    // for a next run that may be long in coming, and spinning meanwhile takes a core from the runs that are going on.
    private readonly ManualResetEventSlim _start = new(false, spinCount: 0);
    private Action? _job;
    private ExecutionContext? _context;

    private SimulationThread()
    {
        _thread = new Thread(Work, 16 * 1024 * 1024) { IsBackground = true, Name = "LabRpc simulation" }; // outside the simulation: the thread that hosts a simulation, so that a blocked step can be reported; not simulated code
        _thread.Start();
    }

    /// <summary>The managed id of the thread the job will run on.</summary>
    public int ThreadId => _thread.ManagedThreadId;

    /// <summary>Whether the thread is waiting (a lock, a wait handle, <c>.Result</c>, <c>.Wait()</c>, <c>Thread.Sleep</c>)
    /// rather than running (code, the JIT compiler, a collection).</summary>
    public bool IsWaiting => (_thread.ThreadState & ThreadState.WaitSleepJoin) != 0;

    /// <summary>An idle worker, or a new one.</summary>
    public static SimulationThread Rent()
    {
        lock (Idle)
        {
            if (Idle.Count > 0) return Idle.Pop();
        }
        return new SimulationThread();
    }

    /// <summary>Runs <paramref name="job"/> on this worker, in the caller's execution context; returns at once.</summary>
    public void Start(Action job)
    {
        _job = job;
        _context = ExecutionContext.Capture();
        _start.Set();
    }

    /// <summary>Puts the worker back for the next run (after its job finished).</summary>
    public void Return()
    {
        lock (Idle)
        {
            if (Idle.Count < MaxIdle)
            {
                Idle.Push(this);
                return;
            }
        }
        _job = null;
        _start.Set();
    }

    private void Work()
    {
        while (true)
        {
            _start.Wait();
            _start.Reset(); // before the job runs: the next Start comes only after this job has finished
            var job = _job;
            var context = _context;
            _job = null;
            _context = null;
            if (job is null) return;
            if (context is null) job();
            else ExecutionContext.Run(context, static j => ((Action)j!)(), job);
        }
    }
}
