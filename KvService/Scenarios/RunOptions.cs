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
}
