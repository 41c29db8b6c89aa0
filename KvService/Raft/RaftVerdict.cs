using System.Text;
using KvService.Scenarios;

namespace KvService.Raft;

/// <summary>The judgement of one Raft scenario run: the invariants at every step, the tester's apply checks, and liveness
/// once every fault is healed.</summary>
/// <param name="Scenario">The scenario run.</param>
/// <param name="Violations">What went wrong; none if it passed.</param>
/// <param name="TraceHash">The simulation's trace hash (equal for equal runs).</param>
public sealed record RaftVerdict(RaftScenario Scenario, IReadOnlyList<Violation> Violations, ulong TraceHash) : Labs.ILabVerdict<RaftScenario>
{
    /// <inheritdoc/>
    public RunCounts Counts { get; init; } = RunCounts.Zero;

    /// <inheritdoc/>
    public bool Blocked { get; init; }

    /// <inheritdoc/>
    public string Implementation { get; init; } = "";

    /// <summary>The tester's progress log, when it was captured.</summary>
    public string? Log { get; init; }

    /// <summary>The run's last messages as a diagram (the tester's).</summary>
    public LabRpc.Diagram.MessageDiagram? Diagram { get; init; }

    /// <inheritdoc/>
    public bool Unknown => false;

    /// <inheritdoc/>
    public string? UnknownReason => null;

    /// <inheritdoc/>
    public bool Passed => Violations.Count == 0;

    /// <inheritdoc/>
    public bool Failed => Violations.Count > 0;

    /// <inheritdoc/>
    public string TraceHashText => Verdict.FormatHash(TraceHash);

    /// <inheritdoc/>
    public string Headline => Passed ? "passed" : Violations[0].Label + (Violations.Count > 1 ? $" (+{Violations.Count - 1} more)" : "");

    /// <inheritdoc/>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Passed ? "PASSED" : "FAILED").Append(": ").Append(Implementation).Append(", ").Append(Scenario).Append('\n');
        text.Append($"Run: {Counts.Operations} commands submitted, {Counts.Rpcs} RPCs, {Counts.SimulatedTime.TotalSeconds:F1} s virtual; trace hash {TraceHashText}\n");
        foreach (var violation in Violations) text.Append("- ").Append(violation).Append('\n');
        return text.ToString().TrimEnd('\n');
    }

    /// <inheritdoc/>
    public override string ToString() =>
        Passed ? $"passed: {Scenario}" : $"FAILED: {Scenario}{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Violations);
}
