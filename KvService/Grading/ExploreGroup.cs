using KvService.Exploration;
using LabRpc.Exploration;

namespace KvService.Grading;

/// <summary>A systematic exploration of a small configuration, as <c>explore --clients C --ops O --keys K --max-faults F</c>
/// runs it (with <c>--seed</c>): one test, passed only when the search was complete up to its bounds and found no violation; a search a limit
/// cut short is unknown, never a pass.</summary>
public sealed record ExploreGroup
{
    /// <summary>The workload's seed: which operations the clients run (<c>explore --seed</c> prints them).</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Clients.</summary>
    public int Clients { get; init; } = 2;

    /// <summary>Operations per client.</summary>
    public int Ops { get; init; } = 2;

    /// <summary>Keys.</summary>
    public int Keys { get; init; } = 1;

    /// <summary>At most this many faults (drops, duplicates, late deliveries, crashes) in a schedule.</summary>
    public int MaxFaults { get; init; } = 2;

    /// <summary>At most this many runs; a search that needs more is incomplete (unknown).</summary>
    public long MaxRuns { get; init; } = 2_000_000;

    /// <summary>The exploration's configuration.</summary>
    public ExplorationConfig Config() => new()
    {
        Seed = Seed,
        Clients = Clients,
        OperationsPerClient = Ops,
        Keys = Keys,
        Bounds = new ExplorationBounds { MaxFaults = MaxFaults, MaxRuns = MaxRuns },
    };

    internal void Validate(string where)
    {
        try
        {
            Config().Validate();
        }
        catch (ArgumentException e)
        {
            throw new RubricException($"{where}: \"explore\" is not a configuration that can be explored: {e.Message}");
        }
    }
}
