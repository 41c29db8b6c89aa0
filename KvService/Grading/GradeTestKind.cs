namespace KvService.Grading;

/// <summary>What a graded test runs.</summary>
public enum GradeTestKind
{
    /// <summary>A test of the KV suite with a seed.</summary>
    Suite,

    /// <summary>A sweep of generated fault scenarios from a seed.</summary>
    Scenarios,

    /// <summary>A systematic exploration of a small configuration.</summary>
    Explore,
}
