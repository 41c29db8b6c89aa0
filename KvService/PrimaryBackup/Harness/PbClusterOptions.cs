using LabRpc;

namespace KvService.PrimaryBackup.Harness;

/// <summary>How a <see cref="PbCluster"/> is set up.</summary>
public sealed record PbClusterOptions
{
    /// <summary>Primary/backup servers (pb0, pb1, ...): 2 or 3 in the tests; 1–5.</summary>
    public int Servers { get; init; } = 3;

    /// <summary>labrpc's unreliable network (requests delayed 0–26 ms, 10 % of requests and replies lost) on every link.</summary>
    public bool Unreliable { get; init; }

    /// <summary>Record every operation of the cluster's clerks for the linearizability checker.</summary>
    public bool RecordHistory { get; init; } = true;

    /// <summary>Options of the simulation (logging, budgets, scheduling); the defaults if null.</summary>
    public SimulationOptions? Simulation { get; init; }
}
