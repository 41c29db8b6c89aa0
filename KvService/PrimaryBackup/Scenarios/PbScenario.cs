using System.Globalization;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// A primary/backup fault scenario, a plain value: the seed (of the simulation and the workload), servers, clients,
/// operations per client, keys, the pause between a client's operations, whether labrpc's unreliable network runs
/// throughout, and the fault events.
/// </summary>
public sealed record PbScenario
{
    /// <summary>The seed of the simulation and of the workload.</summary>
    public ulong Seed { get; init; }

    /// <summary>Primary/backup servers (2 or 3).</summary>
    public int Servers { get; init; } = 3;

    /// <summary>Concurrent clerks.</summary>
    public int Clients { get; init; } = 2;

    /// <summary>Operations of each clerk.</summary>
    public int OperationsPerClient { get; init; } = 10;

    /// <summary>Keys the operations use.</summary>
    public int Keys { get; init; } = 2;

    /// <summary>The longest pause between two operations of a clerk.</summary>
    public TimeSpan MaxThinkTime { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>labrpc's unreliable network on every link throughout.</summary>
    public bool Unreliable { get; init; }

    /// <summary>The fault events.</summary>
    public IReadOnlyList<PbFault> Faults { get; init; } = [];

    /// <summary>How long after the later of its call and the end of the faults an operation may take.</summary>
    public TimeSpan LivenessTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>When the last fault ends.</summary>
    public TimeSpan ScheduleEnd => Faults.Count == 0 ? TimeSpan.Zero : Faults.Max(f => f.End);

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"seed {Seed}, {Servers} servers, {Clients} clients × {OperationsPerClient} ops, {Keys} keys, {(Unreliable ? "unreliable" : "reliable")}, " +
        $"{Faults.Count} faults{(Faults.Count == 0 ? "" : ": " + string.Join("; ", Faults))}");
}
