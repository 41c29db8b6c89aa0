using LabRpc;

namespace KvService.Harness;

/// <summary>How a <see cref="KvCluster"/> is set up.</summary>
public sealed record KvClusterOptions
{
    /// <summary>labrpc's unreliable network (requests delayed 0–26 ms, 10 % of requests and replies lost); reliable if false.</summary>
    public bool Unreliable { get; init; }

    /// <summary>Record every operation of the cluster's clerks for the linearizability checker. Off for memory measurements.</summary>
    public bool RecordHistory { get; init; }

    /// <summary>Where <see cref="KvCluster.Begin"/> and <see cref="KvCluster.End"/> print their lines; nowhere if null.</summary>
    public TextWriter? Output { get; init; }

    /// <summary>Options of the simulation (logging, budgets, scheduling); the defaults if null.</summary>
    public SimulationOptions? Simulation { get; init; }
}
