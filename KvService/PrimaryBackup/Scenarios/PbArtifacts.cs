using KvService.Model;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// Writes a primary/backup run's files into one folder, as <see cref="Artifacts"/> does for a KV run: scenario.json (a
/// <see cref="PbScenarioFile"/>, replayable), history.html (the picture: each clerk's operations on a time line, the
/// longest linearizable prefix and every violation), history.txt, run.log, verdict.txt (the verdict and the notes,
/// e.g. the replay command) and, when the verdict has one, diagram.html (the run as a message diagram to step through).
/// </summary>
public static class PbArtifacts
{
    /// <summary>Writes the files of <paramref name="verdict"/> into <paramref name="folder"/> (created if needed). Run the
    /// scenario with <see cref="PbRunOptions.Diagnostic"/> first, or the log and the diagram are missing and the picture has
    /// no linearizations. <paramref name="implementation"/> is how the scenario file names the implementation.</summary>
    /// <exception cref="IOException">A file could not be written.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder may not be written.</exception>
    public static ArtifactPaths Write(PbVerdict verdict, string folder, string? notes = null, string? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(folder);
        var summary = verdict.Describe() + "\n";
        if (!string.IsNullOrEmpty(notes)) summary += "\n" + notes.TrimEnd() + "\n";
        var findings = verdict.Violations.Select(v => v.ToString()).ToList();
        if (verdict.Unknown && !verdict.Failed) findings.Add("unknown: the linearizability checker could not decide; nothing else was found wrong.");
        var check = verdict.Linearizability
            ?? LinearizabilityChecker.Check(KvModel.Partitioned, verdict.History, new CheckOptions { ComputeLinearizations = true, Timeout = PbRunOptions.DefaultCheckTimeout });
        return Artifacts.Write(folder, $"primary/backup, {verdict.Implementation}, seed {verdict.Scenario.Seed}: {verdict.Headline}", verdict.History, check, findings,
            [$"; primary/backup, {verdict.Implementation}, {verdict.Scenario}; trace hash {verdict.TraceHashText}",
             $"; clerk {verdict.Scenario.Clients} is the reader that reads every key at the end; times are virtual nanoseconds, each event nudged to its own time in the order things happened"],
            verdict.Log, summary, path => PbScenarioFile.Of(verdict, implementation).Write(path), diagram: verdict.Diagram);
    }
}
