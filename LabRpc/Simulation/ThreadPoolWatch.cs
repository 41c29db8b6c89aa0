using System.Diagnostics;
using System.Diagnostics.Tracing;
using System.Text;

namespace LabRpc;

/// <summary>
/// Strict escape detection (<see cref="SimulationOptions.StrictEscapeDetection"/>): listens to the runtime's task
/// events and reports, at the moment it happens and with the caller's stack, simulated code queueing work to the
/// thread pool — <c>Task.Run</c>, <c>Task.Factory.StartNew</c>, <c>ContinueWith</c> or <c>Parallel</c> on the
/// default scheduler. Without it such work is noticed only when its result comes back to a simulation that is
/// already waiting for it, so work that finishes before it is awaited slips by and makes the run depend on timing.
/// </summary>
/// <remarks>
/// The runtime raises these events synchronously on the thread that schedules the task, so a thread-static names
/// the simulation (if any) whose loop runs on this thread. One listener serves the process; the events are on while
/// a strict run is running (in any simulation, and every await in the process costs a little more meanwhile).
/// </remarks>
internal sealed class ThreadPoolWatch : EventListener
{
    private const string TaskEventSource = "System.Threading.Tasks.TplEventSource";
    private const int TaskScheduledEvent = 7;
    private const int TaskWaitBeginEvent = 10;
    private const int SynchronousWait = 1;
    private const EventKeywords TaskTransfer = (EventKeywords)1;

    private static readonly object Gate = new();
    private static ThreadPoolWatch? _instance;
    private static EventSource? _taskEvents;
    private static int _strictRuns;

    [ThreadStatic]
    private static Simulation? _watched;

    private static int DefaultSchedulerId { get; } = TaskScheduler.Default.Id;

    /// <summary>Whether the runtime's task events reach this listener now (for tests).</summary>
    internal static bool Listening => _taskEvents?.IsEnabled(EventLevel.Informational, TaskTransfer) == true;

    /// <summary>Turns the task events on (if no other strict run has) until the returned lease is disposed: by the run's
    /// thread when the run ends, or by the caller of a run abandoned because it blocked.</summary>
    public static Lease Acquire()
    {
        lock (Gate)
        {
            _instance ??= new ThreadPoolWatch();
            if (_strictRuns++ == 0 && _taskEvents is { } events) _instance.EnableEvents(events, EventLevel.Informational, TaskTransfer);
        }
        return new Lease();
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name != TaskEventSource) return;
        _taskEvents = eventSource;
        if (_strictRuns > 0) EnableEvents(eventSource, EventLevel.Informational, TaskTransfer);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        if (_watched is not { } simulation) return;
        // TaskScheduled's first field is the scheduler the task was queued to.
        if (eventData.EventId == TaskScheduledEvent && eventData.Payload is [int scheduler, ..] && scheduler == DefaultSchedulerId)
            simulation.ReportThreadPoolWork(DescribeCaller());
        // TaskWaitBegin's fourth field says how: a synchronous wait (.Result, .Wait()) on a task not yet finished. On the
        // simulation's thread nothing else can run to finish it: the step is stuck, and here is where.
        else if (eventData.EventId == TaskWaitBeginEvent && eventData.Payload is [_, _, _, int behavior, ..] && behavior == SynchronousWait)
            simulation.NoteSynchronousWait(DescribeCaller());
    }

    /// <summary>The frames of the code that queued the work, without those of the runtime and of the simulation.</summary>
    private static string DescribeCaller()
    {
        var text = new StringBuilder();
        int shown = 0;
        foreach (var frame in new StackTrace(fNeedFileInfo: true).GetFrames())
        {
            if (frame.GetMethod() is not { DeclaringType: { } type } method || IsInfrastructure(type.Assembly)) continue;
            text.Append("\n     at ").Append(type.FullName).Append('.').Append(method.Name);
            if (frame.GetFileName() is { } file) text.Append(" in ").Append(file).Append(':').Append(frame.GetFileLineNumber());
            if (++shown == 6) break;
        }
        return text.ToString();
    }

    private static bool IsInfrastructure(System.Reflection.Assembly assembly) =>
        assembly == typeof(ThreadPoolWatch).Assembly || assembly.GetName().Name is not { } name
        || name.StartsWith("System", StringComparison.Ordinal) || name.StartsWith("Microsoft", StringComparison.Ordinal);

    /// <summary>One strict run's hold on the task events; disposing it more than once releases it once.</summary>
    public sealed class Lease : IDisposable
    {
        private int _thread = -1;
        private int _released;

        /// <summary>Watches the calling thread (the run's) for <paramref name="simulation"/>.</summary>
        public void Bind(Simulation simulation)
        {
            _thread = Environment.CurrentManagedThreadId;
            _watched = simulation;
        }

        public void Dispose()
        {
            if (Environment.CurrentManagedThreadId == _thread) _watched = null; // not the caller's, for an abandoned run
            if (Interlocked.Exchange(ref _released, 1) != 0) return;
            lock (Gate)
            {
                if (--_strictRuns == 0 && _taskEvents is { } events) _instance!.DisableEvents(events);
            }
        }
    }
}
