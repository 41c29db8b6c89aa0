using System.Text.Json;

namespace KvService.Grading;

/// <summary>
/// One submission's grade, with what it takes to reproduce it: the harness version, the rubric's hash, the submission's
/// content hash, and every test's seed and trace hashes. Written as <c>result.json</c> in the submission's results folder.
/// </summary>
public sealed record SubmissionResult
{
    /// <summary>The file name of a result in a submission's results folder.</summary>
    public const string FileName = "result.json";

    /// <summary>The submission's folder name.</summary>
    public required string Student { get; init; }

    /// <summary>Points earned, after the nondeterminism penalty.</summary>
    public required double Score { get; init; }

    /// <summary>Points possible.</summary>
    public required double MaxScore { get; init; }

    /// <summary>"graded", "build error", or "not loaded".</summary>
    public required string Status { get; init; }

    /// <summary>A run of the submission did not repeat the same (trace hashes differ).</summary>
    public bool Nondeterministic { get; init; }

    /// <summary>Some test's result is unknown (the checker could not decide): the grade may be too low, never too high.</summary>
    public bool Incomplete { get; init; }

    /// <summary>The harness's version (its git commit).</summary>
    public required string Harness { get; init; }

    /// <summary>The rubric's SHA-256.</summary>
    public required string RubricHash { get; init; }

    /// <summary>The submission's content hash (<see cref="Submission.ContentHash"/>).</summary>
    public required string SubmissionHash { get; init; }

    /// <summary>How workers were isolated.</summary>
    public required string Sandbox { get; init; }

    /// <summary>The first build errors, if it did not build.</summary>
    public IReadOnlyList<string> BuildErrors { get; init; } = [];

    /// <summary>Per rubric group.</summary>
    public IReadOnlyList<GroupResult> Groups { get; init; } = [];

    /// <summary>Where the grading's time went (absent in results written before it was recorded).</summary>
    public GradeTimings? Timings { get; init; }

    /// <summary>Per test, in rubric order.</summary>
    public IReadOnlyList<TestResult> Tests { get; init; } = [];

    /// <summary>Writes the result as JSON to <paramref name="path"/>.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Rubric.Json) + "\n");

    /// <summary>Reads a result written by <see cref="Write"/>.</summary>
    public static SubmissionResult Read(string path) =>
        JsonSerializer.Deserialize<SubmissionResult>(File.ReadAllText(path), Rubric.Json)
        ?? throw new InvalidDataException($"'{path}' holds no result.");
}
