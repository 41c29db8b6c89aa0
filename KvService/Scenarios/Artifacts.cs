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
    /// <summary>
    /// Writes the files of <paramref name="verdict"/> into <paramref name="folder"/> (created if needed). Run the
    /// scenario with <see cref="RunOptions.Diagnostic"/> first, or the log is missing and the picture has no
    /// linearizations. <paramref name="notes"/> go at the end of the summary (e.g. the replay command);
    /// <paramref name="implementation"/> is how the scenario file names the implementation (see <see cref="ScenarioFile.Implementation"/>).
    /// </summary>
    public static ArtifactPaths Write(Verdict verdict, string folder, string? notes = null, string? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        var paths = new ArtifactPaths(
            Path.GetFullPath(folder),
            Path.GetFullPath(Path.Combine(folder, "scenario.json")),
            Path.GetFullPath(Path.Combine(folder, "history.html")),
            Path.GetFullPath(Path.Combine(folder, "history.txt")),
            Path.GetFullPath(Path.Combine(folder, "run.log")),
            Path.GetFullPath(Path.Combine(folder, "verdict.txt")));

        ScenarioFile.Of(verdict, implementation).Write(paths.Scenario);
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
