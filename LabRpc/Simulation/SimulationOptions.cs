using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>Settings of one simulation run.</summary>
public sealed record SimulationOptions
{
    /// <summary>Where log lines go; each line carries the virtual time and the node. Default: nowhere.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }

    /// <summary>The run stops with <see cref="SimulationBudgetException"/> when virtual time passes this. Default: one hour.</summary>
    public TimeSpan MaxVirtualTime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The run stops with <see cref="SimulationBudgetException"/> after this many scheduler steps. Default: 50 million.</summary>
    public long MaxSteps { get; init; } = 50_000_000;

    /// <summary>
    /// The run stops with <see cref="SimulationBudgetException"/> when the process's managed heap passes this many bytes;
    /// null (the default): no limit. It is checked every <see cref="MemoryCheckInterval"/> steps with
    /// <c>GC.GetTotalMemory(false)</c>, which costs a few nanoseconds and counts the whole process, garbage not yet
    /// collected included; a reading over the budget is confirmed after a full collection before the run stops. Several
    /// simulations running in parallel share the heap: the budget is one for all of them (give each the process's limit,
    /// not a share of it), and the one that notices it stops. Which step notices it depends on the collector, so a run
    /// stopped by this budget does not replay to the same step.
    /// </summary>
    public long? MaxManagedMemory { get; init; }

    /// <summary>How many steps pass between two checks of <see cref="MaxManagedMemory"/>.</summary>
    public const int MemoryCheckInterval = 4096;

    /// <summary>
    /// When set, the run records every step into it (number, virtual time, node, what ran, trace hash after), so that two
    /// runs can be compared with <see cref="StepRecording.FirstDifference"/>. Null (the default) costs nothing.
    /// </summary>
    public StepRecording? StepRecording { get; init; }

    /// <summary>
    /// Where every choice of the run comes from (the next ready task, each message's fate, delays); null (the default):
    /// a <see cref="RandomChooser"/> seeded from the run's seed, as <see cref="Scheduling"/> says. A chooser is one run's:
    /// give each run its own.
    /// </summary>
    public IChooser? Chooser { get; init; }

    /// <summary>
    /// Run the world on the thread that calls <see cref="Simulation.Run"/> instead of handing it to a worker thread and
    /// waiting: saves the two thread switches of every run (most of a small run's cost on a busy machine), but nothing
    /// watches for a step that blocks (<see cref="StallTimeout"/> does not apply: such a step blocks the caller). For a
    /// caller that runs many small simulations on a thread of its own and watches that thread itself, as an exploration
    /// does. Default: off.
    /// </summary>
    public bool RunOnCallingThread { get; init; }

    /// <summary>Which ready task runs next. Default: a seeded random pick. Not used when <see cref="Chooser"/> is set.</summary>
    public SchedulingStrategy Scheduling { get; init; } = SchedulingStrategy.Random;

    /// <summary>
    /// When nothing can run, how long (real time) the scheduler waits for work posted from outside the
    /// simulation before it reports a deadlock; such work is reported as an escape. Default: 50 ms.
    /// </summary>
    public TimeSpan EscapeGrace { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// How long (real time) one step may run before the run stops with <see cref="SimulationBlockedException"/>:
    /// simulated code that blocks its thread (.Result, .Wait(), Thread.Sleep) would otherwise hang forever. Default: 10 s.
    /// </summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Reports simulated code that queues work to the thread pool (<c>Task.Run</c>, <c>Task.Factory.StartNew</c>,
    /// <c>ContinueWith</c> or <c>Parallel</c> on the default scheduler) at the moment it does, with the stack of the call,
    /// even when that work finishes before anything awaits it — which would otherwise go unnoticed and make the run
    /// depend on timing. It listens to the runtime's task events while a strict run is running (every await in the
    /// process then costs more: little per bare call, about 50% per async clerk operation). Default: on; off when
    /// the environment variable <c>LABRPC_STRICT_ESCAPES</c> is <c>0</c> (for the fastest soaks of trusted code).
    /// </summary>
    public bool StrictEscapeDetection { get; init; } = StrictByDefault;

    /// <summary>The environment variable that sets <see cref="StrictEscapeDetection"/>'s default: <c>0</c> off, anything else on.</summary>
    public const string StrictEscapesVariable = "LABRPC_STRICT_ESCAPES";

    private static bool StrictByDefault { get; } = Environment.GetEnvironmentVariable(StrictEscapesVariable) != "0";
}
