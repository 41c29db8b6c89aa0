using System.Text;
using KvService.Model;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// What a primary/backup scenario's run showed: the violations (not linearizable, an Append applied twice or an
/// acknowledged one lost, an operation that never returned once the faults stopped, a failed run), whether the
/// linearizability checker could not decide (unknown: never a pass), the trace hash and counts; and, for the artifacts,
/// the implementation's name, the history, the checker's result, the run's log and its message diagram
/// (<see cref="PbRunOptions.CaptureLog"/>).
/// </summary>
public sealed record PbVerdict(PbScenario Scenario, IReadOnlyList<Violation> Violations, bool Unknown, ulong TraceHash, int Operations, int Rpcs)
    : Labs.ILabVerdict<PbScenario>
{
    /// <summary>What happened, in numbers.</summary>
    public RunCounts Counts { get; init; } = RunCounts.Zero;

    /// <summary>The run stopped because simulated code blocked its thread until the stall timeout.</summary>
    public bool Blocked { get; init; }

    /// <summary>Why the linearizability checker could not decide, if it could not.</summary>
    public string? UnknownReason => Linearizability?.UnknownReason;

    /// <summary>Nothing wrong, but the checker could not decide (the harness's sense of unknown).</summary>
    bool Labs.ILabVerdict<PbScenario>.Unknown => Unknown && !Failed;

    /// <summary>The implementation's name.</summary>
    public string Implementation { get; init; } = "";

    /// <summary>Every operation's call and return in virtual nanoseconds: the clerks', then the final reads (clerk number
    /// <see cref="PbScenario.Clients"/>). An operation that never returned has an unknown outcome.</summary>
    public IReadOnlyList<Operation<KvInput, KvOutput>> History { get; init; } = [];

    /// <summary>The linearizability checker's result on <see cref="History"/>; null when the run failed before the check.</summary>
    public CheckResult<KvInput, KvOutput>? Linearizability { get; init; }

    /// <summary>The run's log (virtual time and node on each line), if it was captured.</summary>
    public string? Log { get; init; }

    /// <summary>The run as a message diagram (the view service, the servers and the clerks; messages and their fates,
    /// crashes, restarts, fault events, operations; what the verdict blames), if it was recorded.</summary>
    public LabRpc.Diagram.MessageDiagram? Diagram { get; init; }

    /// <summary>No violation, and the checker decided.</summary>
    public bool Passed => Violations.Count == 0 && !Unknown;

    /// <summary>A violation was found (an unknown verdict is not a failure either).</summary>
    public bool Failed => Violations.Count > 0;

    /// <summary>The trace hash as 16 hex digits.</summary>
    public string TraceHashText => Verdict.FormatHash(TraceHash);

    /// <summary>"passed", "unknown", or the first violation's label (and how many more).</summary>
    public string Headline => Passed ? "passed" : !Failed ? "unknown" : Violations[0].Label + (Violations.Count > 1 ? $" (+{Violations.Count - 1} more)" : "");

    /// <summary>Whether two runs of the scenario gave different trace hashes.</summary>
    public bool Nondeterministic => Violations.Any(v => v.Kind == ViolationKind.Nondeterministic);

    /// <summary>The verdict for a person: outcome, implementation, scenario, counts, trace hash and each violation.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Passed ? "PASSED" : Failed ? "FAILED" : "UNKNOWN").Append(": ").Append(Implementation).Append(", ").Append(Scenario).Append('\n');
        text.Append($"Run: {Operations} operations, {Rpcs} RPCs; trace hash {TraceHashText}\n");
        foreach (var violation in Violations) text.Append("- ").Append(violation).Append('\n');
        if (Unknown && !Failed) text.Append("- unknown: the linearizability checker could not decide; nothing else was found wrong. Give it more time (--check-timeout).\n");
        return text.ToString().TrimEnd('\n');
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Passed ? $"passed: {Scenario}"
        : Failed ? $"FAILED: {Scenario}{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Violations)
        : $"UNKNOWN (the linearizability checker ran out of time): {Scenario}";
}
