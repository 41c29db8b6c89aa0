namespace KvService.Grading;

/// <summary>How a submission built: the assembly to grade, or the reason it has none (the first compiler errors, or the
/// refused APIs with their file and line).</summary>
public sealed record BuildResult(string? Assembly, IReadOnlyList<string> Errors)
{
    /// <summary>Errors kept per submission.</summary>
    public const int MaxErrors = 10;

    /// <summary>The submission has an assembly to grade.</summary>
    public bool Built => Assembly is not null;

    /// <summary>It compiled, but uses what a submission may not (the allowlist), or cannot be checked at all.</summary>
    public bool Refused { get; init; }

    /// <summary>How long compiling and checking took, in seconds of wall time.</summary>
    public double Seconds { get; init; }
}
