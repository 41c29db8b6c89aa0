using KvService.Scenarios;
using LabRpc.Exploration;

namespace KvService.Exploration;

/// <summary>
/// A small configuration to explore: the workload (seed, clients, operations each, keys, mix: the operations are the
/// scenario generator's, so the seed picks them), the faults that may happen, and the bounds of the walk. Clients do not
/// pause between operations; the faults are the chooser's, not a schedule's.
/// </summary>
public sealed record ExplorationConfig
{
    /// <summary>Seeds the workload (which operations, on which keys) and the clients' ids.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Clients, each with its own clerk. Default 2.</summary>
    public int Clients { get; init; } = 2;

    /// <summary>Operations each client runs, one after the other. Default 2.</summary>
    public int OperationsPerClient { get; init; } = 2;

    /// <summary>Keys the operations spread over. Default 1.</summary>
    public int Keys { get; init; } = 1;

    /// <summary>The relative weights of Get, Put and Append. Default: even.</summary>
    public OperationMix Mix { get; init; } = OperationMix.Even;

    /// <summary>What may go wrong. Default: everything.</summary>
    public ExplorationFaults Faults { get; init; } = ExplorationFaults.All;

    /// <summary>How far the walk goes.</summary>
    public ExplorationBounds Bounds { get; init; } = new();

    /// <summary>A run is judged a second time, to check it replays the same, at its first schedule and every this many
    /// after. Default 64.</summary>
    public int RepeatEvery { get; init; } = 64;

    /// <summary>The scenario each schedule runs: the workload, no think time, no fault schedule.</summary>
    public Scenario ToScenario() => new()
    {
        Seed = Seed,
        Clients = Clients,
        OperationsPerClient = OperationsPerClient,
        Keys = Keys,
        Mix = Mix,
        MaxThinkTime = TimeSpan.Zero,
        Faults = [],
    };

    /// <summary>"2 clients × 2 operations on 1 key (seed 1)".</summary>
    public string Summary() =>
        $"{Clients} client{S(Clients)} × {OperationsPerClient} operation{S(OperationsPerClient)} on {Keys} key{S(Keys)} (seed {Seed}, {Mix})";

    /// <summary>The operations, client by client: "client 0: append k0, get k0; client 1: put k0".</summary>
    public string DescribeWorkload()
    {
        var scenario = ToScenario();
        return string.Join("; ", Enumerable.Range(0, Clients).Select(c => $"client {c}: " + string.Join(", ",
            Enumerable.Range(0, OperationsPerClient).Select(i => Workload.Step(scenario, c, i).Input).Select(input =>
                $"{input.Op.ToString().ToLowerInvariant()} {input.Key}"))));
    }

    /// <summary>Throws <see cref="ArgumentException"/> when a size is out of the exploration's range (1–3 clients, 1–5
    /// operations each, 1–3 keys) or a bound is negative.</summary>
    public void Validate()
    {
        if (Clients is < 1 or > 3) throw new ArgumentException($"Clients is {Clients}; an exploration takes 1 to 3.", nameof(Clients));
        if (OperationsPerClient is < 1 or > 5) throw new ArgumentException($"OperationsPerClient is {OperationsPerClient}; an exploration takes 1 to 5.", nameof(OperationsPerClient));
        if (Keys is < 1 or > 3) throw new ArgumentException($"Keys is {Keys}; an exploration takes 1 to 3.", nameof(Keys));
        if (RepeatEvery < 1) throw new ArgumentException($"RepeatEvery is {RepeatEvery}; give 1 or more.", nameof(RepeatEvery));
        Mix.Validate();
        Bounds.Validate();
        ToScenario().Validate();
    }

    private static string S(int n) => n == 1 ? "" : "s";
}
