namespace KvService.Scenarios;

/// <summary>Where <see cref="Artifacts"/> put a failure's files.</summary>
/// <param name="Folder">The folder that holds them.</param>
/// <param name="Scenario">The scenario as JSON: what a replay reads.</param>
/// <param name="Picture">The history drawn as HTML, with the longest linearizable prefix.</param>
/// <param name="History">The history as text (KV history format, virtual times).</param>
/// <param name="Log">The run's log: virtual timestamps, per node.</param>
/// <param name="Summary">The verdict in words, and the replay command.</param>
public sealed record ArtifactPaths(string Folder, string Scenario, string Picture, string History, string Log, string Summary)
{
    /// <summary>The run as a message diagram to step through (HTML), if the verdict had one.</summary>
    public string? Diagram { get; init; }
}
