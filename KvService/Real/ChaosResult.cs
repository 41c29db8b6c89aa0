using System.Globalization;
using System.Text;
using KvService.Histories;
using KvService.Model;
using KvService.Scenarios;
using LabRpc;
using LabRpc.Linearizability;

namespace KvService.Real;

/// <summary>What a real run (<c>chaos</c>) did and the verdict on it: the same judges as a simulated scenario's.</summary>
public sealed record ChaosResult
{
    /// <summary>The run's options.</summary>
    public required ChaosOptions Options { get; init; }

    /// <summary>The implementation's name.</summary>
    public required string Implementation { get; init; }

    /// <summary>Every operation, with monotonic times in nanoseconds from the start of the run.</summary>
    public required IReadOnlyList<Operation<KvInput, KvOutput>> History { get; init; }

    /// <summary>The linearizability checker's result.</summary>
    public required CheckResult<KvInput, KvOutput> Linearizability { get; init; }

    /// <summary>What was found wrong: not linearizable, at-most-once, liveness, a clerk that failed.</summary>
    public required IReadOnlyList<Violation> Violations { get; init; }

    /// <summary>Times the server was killed with SIGKILL (and started again).</summary>
    public required int Kills { get; init; }

    /// <summary>Times the proxy cut the clerks off from the server.</summary>
    public required int Partitions { get; init; }

    /// <summary>What the proxy did; null without one.</summary>
    public required FaultProxyCounts? Proxy { get; init; }

    /// <summary>The run's wall time, faults, end phase and final read included (not the check).</summary>
    public required TimeSpan Elapsed { get; init; }

    /// <summary>True when Ctrl-C stopped the run early: what ran was still judged.</summary>
    public bool Interrupted { get; init; }

    /// <summary>The run's log: the harness's events and everything the server printed.</summary>
    public required string Log { get; init; }

    /// <summary>Nothing found wrong, and the checker decided.</summary>
    public bool Passed => Violations.Count == 0 && Linearizability.Outcome != CheckOutcome.Unknown;

    /// <summary>Something was found wrong.</summary>
    public bool Failed => Violations.Count > 0;

    /// <summary>Nothing found wrong, but the checker could not decide: not a pass.</summary>
    public bool Unknown => Violations.Count == 0 && Linearizability.Outcome == CheckOutcome.Unknown;

    /// <summary>The verdict in a few words.</summary>
    public string Headline => Passed ? "passed" : Unknown ? "unknown" : Violations[0].Label + (Violations.Count > 1 ? $" (+{Violations.Count - 1} more)" : "");

    /// <summary>The client number of the final read, which reads every key once the faults have stopped.</summary>
    public int Reader => Options.Clients;

    /// <summary>The verdict and the counts, in words.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        int completed = History.Count(op => op.IsOutcomeKnown);
        text.AppendLine(CultureInfo.InvariantCulture, $"{Implementation}, real run (seed {Options.Seed}, {Options.Clients} clients, {Durations.Format(Options.Duration)} of faults): {Headline.ToUpperInvariant()}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  operations: {History.Count:N0} ({completed:N0} completed, {History.Count - completed:N0} with unknown outcome)");
        text.AppendLine(CultureInfo.InvariantCulture, $"  server killed with SIGKILL and restarted: {Kills}; partitions: {Partitions}");
        if (Proxy is { } p) text.AppendLine(CultureInfo.InvariantCulture, $"  proxy: {p}");
        text.AppendLine(CultureInfo.InvariantCulture, $"  wall time {Elapsed.TotalSeconds:0.0} s; linearizability check {Linearizability.Outcome} in {Linearizability.Elapsed.TotalMilliseconds:N0} ms");
        if (Interrupted) text.AppendLine("  interrupted (Ctrl-C): what ran until then was judged");
        foreach (var v in Violations) text.AppendLine(CultureInfo.InvariantCulture, $"  {v.Label}: {v.Message}");
        if (Unknown) text.AppendLine(CultureInfo.InvariantCulture, $"  unknown: the linearizability checker could not decide ({Linearizability.UnknownReason}); nothing else was found wrong.");
        return text.ToString();
    }

    /// <summary>Writes the picture of the history, the history, the log and the verdict into <paramref name="folder"/>;
    /// returns the picture's path.</summary>
    public string WriteArtifacts(string folder)
    {
        Directory.CreateDirectory(folder);
        var findings = Violations.Select(v => v.ToString()).ToList();
        if (Unknown) findings.Add($"unknown: the linearizability checker could not decide ({Linearizability.UnknownReason}); nothing else was found wrong.");
        string picture = Path.GetFullPath(Path.Combine(folder, "history.html"));
        HistoryVisualizer.WriteHtml(KvModel.Partitioned, Linearizability, picture,
            $"{Implementation}, real run, seed {Options.Seed}: {Headline}", Milliseconds, findings);
        using (var history = new StreamWriter(Path.Combine(folder, "history.txt")))
        {
            history.WriteLine($"; {Implementation}, real run, seed {Options.Seed}, {Options.Clients} clients; client {Reader} is the final read");
            history.WriteLine("; times are nanoseconds of a monotonic clock from the start of the run, each event nudged to its own time in the order recorded");
            KvHistoryWriter.Write(history, History);
        }
        File.WriteAllText(Path.Combine(folder, "run.log"), Log);
        File.WriteAllText(Path.Combine(folder, "verdict.txt"), Describe());
        return picture;
    }

    private static string Milliseconds(long nanoseconds) => (nanoseconds / 1e6).ToString("0.###", CultureInfo.InvariantCulture) + " ms";
}
