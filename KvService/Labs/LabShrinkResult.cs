namespace KvService.Labs;

/// <summary>What a shrink did: the scenario it started from, the smallest failing one it found, the steps taken (candidates
/// kept) and the runs made.</summary>
/// <typeparam name="TScenario">The lab's scenario.</typeparam>
public sealed record LabShrinkResult<TScenario>(TScenario Original, TScenario Scenario, int Steps, int Runs) where TScenario : ILabScenario
{
    /// <summary>The shrink stopped because a candidate blocked its thread until the stall timeout (each further try could
    /// wait as long).</summary>
    public bool StoppedBlocked { get; init; }
}
