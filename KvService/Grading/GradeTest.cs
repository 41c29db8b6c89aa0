namespace KvService.Grading;

/// <summary>One graded test: a test of the KV suite or a sweep of scenarios, with its seed; <see cref="Id"/> names it.</summary>
public sealed record GradeTest(string Group, string Name, GradeTestKind Kind, ulong Seed, bool Hidden)
{
    /// <summary>The lab the test belongs to (<see cref="GradedLabs"/>): its suite, its contract and its scenarios.</summary>
    public string Lab { get; init; } = "kv";

    /// <summary>The lab suite's test name (<see cref="GradeTestKind.Suite"/>).</summary>
    public string? SuiteTest { get; init; }

    /// <summary>The scenario sweep (<see cref="GradeTestKind.Scenarios"/>).</summary>
    public ScenarioGroup? Scenarios { get; init; }

    /// <summary>The exploration (<see cref="GradeTestKind.Explore"/>).</summary>
    public ExploreGroup? Explore { get; init; }

    /// <summary>"group/name", unique in a rubric.</summary>
    public string Id => $"{Group}/{Name}";
}
