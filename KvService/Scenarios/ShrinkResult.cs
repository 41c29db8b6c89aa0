namespace KvService.Scenarios;

/// <summary>What <see cref="Shrinker"/> did.</summary>
/// <param name="Original">The failing scenario it started from.</param>
/// <param name="Scenario">The smallest failing scenario it found.</param>
/// <param name="Steps">How many times a smaller scenario still failed and was taken.</param>
/// <param name="Runs">How many candidate scenarios were run.</param>
public sealed record ShrinkResult(Scenario Original, Scenario Scenario, int Steps, int Runs)
{
    /// <summary>A candidate blocked its thread until the stall timeout, and the shrink stopped there (further tries could
    /// wait as long): <see cref="Scenario"/> is the smallest failure found before it.</summary>
    public bool StoppedBlocked { get; init; }
}
