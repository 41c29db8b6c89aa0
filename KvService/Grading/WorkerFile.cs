namespace KvService.Grading;

/// <summary>One file of a failure's counterexample, sent by the worker: its name (one of <see cref="Names"/>) and its text.
/// The grader writes it where it decides, under the student's results.</summary>
public sealed record WorkerFile(string Name, string Text)
{
    /// <summary>The only names a counterexample's files may have.</summary>
    public static IReadOnlySet<string> Names { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "scenario.json", "replay.json", "history.html", "history.txt", "diagram.html", "run.log", "verdict.txt",
    };
}
