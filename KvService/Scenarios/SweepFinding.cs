namespace KvService.Scenarios;

/// <summary>A scenario a sweep found: its number in the sweep, its own seed, and what was wrong with it.</summary>
public sealed record SweepFinding(int Number, ulong ScenarioSeed, string Headline);
