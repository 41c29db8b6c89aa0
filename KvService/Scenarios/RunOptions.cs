namespace KvService.Scenarios;

/// <summary>How <see cref="ScenarioRunner"/> runs and judges a scenario.</summary>
public sealed record RunOptions
{
    /// <summary>Fast judging, nothing kept but the verdict: for sweeps and properties.</summary>
    public static RunOptions Default { get; } = new();

    /// <summary>Everything for a person to read: the run's log and the checker's linearizations (for the picture).</summary>
    public static RunOptions Diagnostic { get; } = new() { CaptureLog = true, ComputeLinearizations = true };

    /// <summary>Keep the run's log (virtual time, node, network events at Debug) in the verdict.</summary>
    public bool CaptureLog { get; init; }

    /// <summary>Keep the linearizability checker's longest linearizations, which the picture and the messages use.</summary>
    public bool ComputeLinearizations { get; init; }

    /// <summary>
    /// A time limit for the linearizability check, past which it is undecided; null (the default) checks on the
    /// calling thread with no limit (the histories of scenarios are small and split by key).
    /// </summary>
    public TimeSpan? CheckTimeout { get; init; }

    /// <summary>How long (real time) one step of the run may block its thread before the run fails as blocked
    /// (<see cref="LabRpc.SimulationOptions.StallTimeout"/>). Default: 10 s.</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Report simulated code that queues work to the thread pool at once (<see cref="LabRpc.SimulationOptions.StrictEscapeDetection"/>).
    /// Default: that option's default (on, unless <c>LABRPC_STRICT_ESCAPES=0</c>).</summary>
    public bool StrictEscapeDetection { get; init; } = new LabRpc.SimulationOptions().StrictEscapeDetection;

    /// <summary>A limit on the process's managed heap during the run (<see cref="LabRpc.SimulationOptions.MaxManagedMemory"/>);
    /// null: none. Default: 4 GiB, far above what a scenario within the size limits needs, so that a server that keeps
    /// without end stops with a verdict that says so instead of taking the machine down.</summary>
    public long? MaxManagedMemory { get; init; } = 4L << 30;

    /// <summary>Where the run's choices come from (the next ready task, each message's fate); null (the default): the
    /// scenario's seed. An exploration gives each run a <see cref="LabRpc.Exploration.ScriptedChooser"/>.</summary>
    public LabRpc.IChooser? Chooser { get; init; }

    /// <summary>When set, the run is one schedule of an exploration: instead of the scenario's fault schedule, the faults
    /// these allow are possible at every message and crash point while the clients run (the <see cref="Chooser"/> decides),
    /// and the network heals once every client is done.</summary>
    public Exploration.ExplorationFaults? Exploration { get; init; }

    /// <summary>Run the simulation on the calling thread (<see cref="LabRpc.SimulationOptions.RunOnCallingThread"/>): for an
    /// exploration, which runs its schedules on a thread of its own and watches it.</summary>
    internal bool RunOnCallingThread { get; init; }

    /// <summary>Where to record every step of the run (<see cref="LabRpc.SimulationOptions.StepRecording"/>), to find where two
    /// runs diverge; null (the default) records nothing and costs nothing.</summary>
    public LabRpc.StepRecording? StepRecording { get; init; }
}
