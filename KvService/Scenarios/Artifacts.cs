using KvService.Histories;
using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Scenarios;

/// <summary>
/// Writes what a person needs to understand a failure into one folder: the scenario (replayable), the picture of the
/// history, the history as text, the run's log, and a summary with the replay command.
/// </summary>
public static class Artifacts
{
    /// <summary><paramref name="name"/> made safe as one folder or file name: letters, digits, '-', '_' and '.' kept, anything else '_'.</summary>
    public static string SafeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));
    }

    /// <summary>
    /// Writes the files of <paramref name="verdict"/> into <paramref name="folder"/> (created if needed). Run the
    /// scenario with <see cref="RunOptions.Diagnostic"/> first, or the log is missing and the picture has no
    /// linearizations. <paramref name="notes"/> go at the end of the summary (e.g. the replay command);
    /// <paramref name="implementation"/> is how the scenario file names the implementation (see <see cref="ScenarioFile.Implementation"/>).
    /// </summary>
    /// <param name="verdict">The run's verdict.</param>
    /// <param name="folder">Where to write.</param>
    /// <param name="notes">Lines for the end of the summary.</param>
    /// <param name="implementation">How the scenario file names the implementation.</param>
    /// <param name="replayFile">Writes the file that replays the run to the path it is given, instead of the scenario file
    /// (an exploration's schedule is not a scenario); <paramref name="replayFileName"/> names it.</param>
    /// <param name="replayFileName">The replay file's name when <paramref name="replayFile"/> is given.</param>
    public static ArtifactPaths Write(Verdict verdict, string folder, string? notes = null, string? implementation = null,
        Action<string>? replayFile = null, string replayFileName = "replay.json")
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var paths = new ArtifactPaths(
            Path.GetFullPath(folder),
            Path.GetFullPath(Path.Combine(folder, replayFile is null ? "scenario.json" : replayFileName)),
            Path.GetFullPath(Path.Combine(folder, "history.html")),
            Path.GetFullPath(Path.Combine(folder, "history.txt")),
            Path.GetFullPath(Path.Combine(folder, "run.log")),
            Path.GetFullPath(Path.Combine(folder, "verdict.txt")))
        {
            Diagram = verdict.Diagram is null ? null : Path.GetFullPath(Path.Combine(folder, "diagram.html")),
        };

        if (replayFile is null) ScenarioFile.Of(verdict, implementation).Write(paths.Scenario);
        else replayFile(paths.Scenario);
        if (verdict.Diagram is { } diagram)
            LabRpc.Diagram.DiagramPage.WriteHtml(diagram, paths.Diagram!, $"{verdict.Implementation}, seed {verdict.Scenario.Seed}: {verdict.Headline}", Findings(verdict));
        HistoryVisualizer.WriteHtml(KvModel.Partitioned, verdict.Linearizability, paths.Picture,
            $"{verdict.Implementation}, seed {verdict.Scenario.Seed}: {verdict.Headline}", VirtualTime, Findings(verdict));
        using (var history = new StreamWriter(paths.History))
        {
            history.WriteLine($"; {verdict.Implementation}, {verdict.Scenario.Summary()}; trace hash {verdict.TraceHashText}");
            history.WriteLine($"; client {verdict.Scenario.Clients} is the reader that reads every key at the end; times are virtual nanoseconds, each event nudged to its own time in the order things happened");
            KvHistoryWriter.Write(history, verdict.History);
        }
        File.WriteAllText(paths.Log, verdict.Log ?? "The log was not captured: run the scenario with RunOptions.Diagnostic (replay does).\n");
        var summary = verdict.Describe() + "\n";
        if (!string.IsNullOrEmpty(notes)) summary += "\n" + notes.TrimEnd() + "\n";
        File.WriteAllText(paths.Summary, summary);
        return paths;
    }

    /// <summary>Every violation the verdict lists (at-most-once, liveness, a failed run, not only linearizability), and
    /// why it is unknown if it is: what the picture shows above the history.</summary>
    internal static IReadOnlyList<string> Findings(Verdict verdict)
    {
        var findings = verdict.Violations.Select(v => v.ToString()).ToList();
        if (verdict.Unknown) findings.Add($"unknown: the linearizability checker could not decide ({verdict.Linearizability.UnknownReason}); nothing else was found wrong.");
        return findings;
    }

    /// <summary>A history time in milliseconds. Times are virtual nanoseconds, nudged by one per event to keep
    /// their order; the nudges are not shown.</summary>
    private static string VirtualTime(long nanoseconds) =>
        (nanoseconds / 1e6).ToString("0.###", System.Globalization.CultureInfo.InvariantCulture) + " ms";
}
