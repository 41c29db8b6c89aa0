namespace KvService.Grading;

/// <summary>How a submission built: the assembly to grade, or the reason it has none (the first compiler errors).</summary>
public sealed record BuildResult(string? Assembly, IReadOnlyList<string> Errors)
{
    /// <summary>The submission has an assembly to grade.</summary>
    public bool Built => Assembly is not null;
}
