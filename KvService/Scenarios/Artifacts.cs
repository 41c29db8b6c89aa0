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
        var title = $"{verdict.Implementation}, seed {verdict.Scenario.Seed}: {verdict.Headline}";
        var summary = verdict.Describe() + "\n";
        if (!string.IsNullOrEmpty(notes)) summary += "\n" + notes.TrimEnd() + "\n";
        return Write(folder, title, verdict.History, verdict.Linearizability, Findings(verdict),
            [$"; {verdict.Implementation}, {verdict.Scenario.Summary()}; trace hash {verdict.TraceHashText}",
             $"; client {verdict.Scenario.Clients} is the reader that reads every key at the end; times are virtual nanoseconds, each event nudged to its own time in the order things happened"],
            verdict.Log, summary, replayFile ?? (path => ScenarioFile.Of(verdict, implementation).Write(path)), replayFile is null ? "scenario.json" : replayFileName,
            verdict.Diagram);
    }

    /// <summary>
    /// Writes the files of any service's run into <paramref name="folder"/> (created if needed): the file that replays it
    /// (written by <paramref name="replayFile"/> as <paramref name="replayFileName"/>), the picture of the history with the
    /// longest linearizable prefix and <paramref name="findings"/> above it, the history as text under
    /// <paramref name="historyHeader"/> (comment lines), the run's log, <paramref name="summary"/> as verdict.txt, and the
    /// message diagram if there is one.
    /// </summary>
    /// <param name="folder">Where to write.</param>
    /// <param name="title">The picture's title.</param>
    /// <param name="history">The recorded operations.</param>
    /// <param name="linearizability">The checker's result on <paramref name="history"/>, with its linearizations for the picture.</param>
    /// <param name="findings">Every violation, in words, for the picture.</param>
    /// <param name="historyHeader">Comment lines (starting with ';') for the top of history.txt.</param>
    /// <param name="log">The run's log; null if it was not captured.</param>
    /// <param name="summary">The verdict and the replay command.</param>
    /// <param name="replayFile">Writes the file that replays the run to the path it is given.</param>
    /// <param name="replayFileName">That file's name.</param>
    /// <param name="diagram">The run as a message diagram, written as diagram.html under <paramref name="title"/> with
    /// <paramref name="findings"/>; null if it was not recorded.</param>
    public static ArtifactPaths Write(string folder, string title, IReadOnlyList<Operation<KvInput, KvOutput>> history, CheckResult<KvInput, KvOutput> linearizability,
        IReadOnlyList<string> findings, IReadOnlyList<string> historyHeader, string? log, string summary, Action<string> replayFile, string replayFileName = "scenario.json",
        LabRpc.Diagram.MessageDiagram? diagram = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(linearizability);
        ArgumentNullException.ThrowIfNull(replayFile);
        Directory.CreateDirectory(folder);
        var paths = new ArtifactPaths(
            Path.GetFullPath(folder),
            Path.GetFullPath(Path.Combine(folder, replayFileName)),
            Path.GetFullPath(Path.Combine(folder, "history.html")),
            Path.GetFullPath(Path.Combine(folder, "history.txt")),
            Path.GetFullPath(Path.Combine(folder, "run.log")),
            Path.GetFullPath(Path.Combine(folder, "verdict.txt")));
        replayFile(paths.Scenario);
        HistoryVisualizer.WriteHtml(KvModel.Partitioned, linearizability, paths.Picture, title, VirtualTime, findings);
        using (var text = new StreamWriter(paths.History))
        {
            foreach (var line in historyHeader) text.WriteLine(line);
            KvHistoryWriter.Write(text, history);
        }
        File.WriteAllText(paths.Log, log ?? "The log was not captured: run the scenario with the diagnostic options (replay does).\n");
        File.WriteAllText(paths.Summary, summary);
        if (diagram is null) return paths;
        paths = paths with { Diagram = Path.GetFullPath(Path.Combine(folder, "diagram.html")) };
        LabRpc.Diagram.DiagramPage.WriteHtml(diagram, paths.Diagram, title, findings);
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
