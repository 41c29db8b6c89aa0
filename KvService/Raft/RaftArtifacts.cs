using KvService.Scenarios;

namespace KvService.Raft;

/// <summary>A failing Raft run's artifacts: scenario.json, summary.txt, log.txt and the tester's message diagram.</summary>
public static class RaftArtifacts
{
    /// <summary>Writes <paramref name="verdict"/>'s artifacts to <paramref name="folder"/> and returns their paths.</summary>
    public static ArtifactPaths Write(RaftVerdict verdict, string folder, string? notes = null, string? implementation = null)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        ArgumentNullException.ThrowIfNull(folder);
        Directory.CreateDirectory(folder);
        string Full(string name) => Path.GetFullPath(Path.Combine(folder, name));
        var summary = verdict.Describe() + "\n";
        if (!string.IsNullOrEmpty(notes)) summary += "\n" + notes.TrimEnd() + "\n";
        File.WriteAllText(Full("summary.txt"), summary);
        File.WriteAllText(Full("log.txt"), verdict.Log ?? "(no log was captured)\n");
        RaftScenarioFile.Of(verdict, implementation).Write(Full("scenario.json"));
        var paths = new ArtifactPaths(Path.GetFullPath(folder), Full("scenario.json"), Full("summary.txt"), Full("summary.txt"), Full("log.txt"), Full("summary.txt"));
        if (verdict.Diagram is null) return paths;
        paths = paths with { Diagram = Full("diagram.html") };
        LabRpc.Diagram.DiagramPage.WriteHtml(verdict.Diagram, paths.Diagram, $"Raft, {verdict.Implementation}, seed {verdict.Scenario.Seed}: {verdict.Headline}",
            [.. verdict.Violations.Select(v => v.ToString())]);
        return paths;
    }
}
