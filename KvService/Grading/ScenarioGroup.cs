using KvService.Cli;
using KvService.Scenarios;

namespace KvService.Grading;

/// <summary>Sweeps of generated fault scenarios: <see cref="Count"/> scenarios of the fault mix <see cref="Faults"/> per
/// seed, as <c>check --faults <see cref="Faults"/> -n <see cref="Count"/> --seed S</c> draws them.</summary>
public sealed record ScenarioGroup
{
    /// <summary>A fault mix as <c>check --faults</c> reads it: all, network, crash, none, or a list (unreliable,crash).</summary>
    public string Faults { get; init; } = "all";

    /// <summary>Scenarios per seed.</summary>
    public int Count { get; init; } = 100;

    /// <summary>Public seeds: students can run these.</summary>
    public IReadOnlyList<ulong> Seeds { get; init; } = [];

    /// <summary>Hidden seeds: never listed to students; a failure under one is shown as a scenario file.</summary>
    public IReadOnlyList<ulong> HiddenSeeds { get; init; } = [];

    /// <summary>The scenario space the seeds draw from.</summary>
    public ScenarioSpace Space() => ScenarioSpace.Default with { Faults = CheckCommand.ParseFaults(Faults) ?? FaultKinds.All };

    internal void Validate(string where)
    {
        if (CheckCommand.ParseFaults(Faults) is null) throw new RubricException($"{where}: \"faults\" is '{Faults}', not a fault mix (all, network, crash, none, or a list such as unreliable,crash).");
        if (Count is < 1 or > 100_000) throw new RubricException($"{where}: \"count\" must be 1 to 100,000 scenarios per seed (got {Count}).");
    }
}
