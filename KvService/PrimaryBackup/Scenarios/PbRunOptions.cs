namespace KvService.PrimaryBackup.Scenarios;

/// <summary>How <see cref="PbScenarioRunner"/> runs and judges a scenario. Neither option changes the run: the same
/// scenario gives the same trace hash with or without them.</summary>
public sealed record PbRunOptions
{
    /// <summary>The linearizability checker's time limit unless one is given: 30 s. (First: the instances below read it.)</summary>
    public static TimeSpan DefaultCheckTimeout { get; } = TimeSpan.FromSeconds(30);

    /// <summary>Fast judging, nothing kept but the verdict: for sweeps and the shrinker.</summary>
    public static PbRunOptions Default { get; } = new();

    /// <summary>Everything for a person to read: the run's log, the checker's linearizations (for the picture) and the
    /// message diagram.</summary>
    public static PbRunOptions Diagnostic { get; } = new() { CaptureLog = true };

    /// <summary>Keep the run's log (virtual time, node, the network's events at Debug, the clerks' calls and the faults),
    /// the checker's longest linearizations and the run's message diagram (<see cref="PbVerdict.Diagram"/>) in the verdict.</summary>
    public bool CaptureLog { get; init; }

    /// <summary>A time limit for the linearizability check, past which the verdict is unknown; null: none.</summary>
    public TimeSpan? CheckTimeout { get; init; } = DefaultCheckTimeout;

    /// <summary>Records every step of the run (for finding where two runs of one scenario part ways); the run is the same.</summary>
    public LabRpc.StepRecording? StepRecording { get; init; }

    /// <summary>Makes the run's choices instead of the seed (an exploration's schedule).</summary>
    public LabRpc.IChooser? Chooser { get; init; }
}
