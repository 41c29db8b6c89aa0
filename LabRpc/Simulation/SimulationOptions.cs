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

    /// <summary>Which ready task runs next. Default: a seeded random pick.</summary>
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
