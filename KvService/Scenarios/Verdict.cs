using System.Globalization;
using System.Text;
using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Scenarios;

/// <summary>
/// The judgement of one run of a scenario: the scenario and implementation, the run's trace hash (same scenario, same
/// hash), its counts, what it got wrong, and the recorded history with the linearizability checker's result.
/// </summary>
public sealed record Verdict : Labs.ILabVerdict<Scenario>
{
    /// <summary>The scenario that ran.</summary>
    public required Scenario Scenario { get; init; }

    /// <summary>The implementation's name.</summary>
    public required string Implementation { get; init; }

    /// <summary>The simulation's trace hash at the end of the run: a replay must end with the same one.</summary>
    public required ulong TraceHash { get; init; }

    /// <summary>What happened, in numbers.</summary>
    public required RunCounts Counts { get; init; }

    /// <summary>What the run got wrong; empty if it passed.</summary>
    public required IReadOnlyList<Violation> Violations { get; init; }

    /// <summary>
    /// Every operation's call and return, in virtual nanoseconds nudged so that each event has its own time in the order
    /// the events happened; the clients' operations, then the final reads (client number <see cref="Scenario.Clients"/>).
    /// An operation that never returned has an unknown outcome.
    /// </summary>
    public required IReadOnlyList<Operation<KvInput, KvOutput>> History { get; init; }

    /// <summary>The linearizability checker's result on <see cref="History"/>.</summary>
    public required CheckResult<KvInput, KvOutput> Linearizability { get; init; }

    /// <summary>The run's log, if it was captured (<see cref="RunOptions.CaptureLog"/>).</summary>
    public string? Log { get; init; }

    /// <summary>The run as a message diagram (nodes, messages and their fates, crashes, operations; what the verdict
    /// blames marked), if the log was captured (<see cref="RunOptions.CaptureLog"/>).</summary>
    public LabRpc.Diagram.MessageDiagram? Diagram { get; init; }

    /// <summary>The run stopped because simulated code blocked its thread (<see cref="LabRpc.SimulationBlockedException"/>):
    /// every run of the implementation may cost <see cref="RunOptions.StallTimeout"/> of real time, so it is not shrunk.</summary>
    public bool Blocked { get; init; }

    /// <summary>True when the whole run ran and was judged, and nothing was wrong.</summary>
    public bool Passed => Violations.Count == 0 && !Unknown;

    /// <summary>True when the run got something wrong (<see cref="Violations"/> is not empty).</summary>
    public bool Failed => Violations.Count > 0;

    /// <summary>True when nothing was found wrong but the linearizability checker could not decide (it ran out of time):
    /// neither a pass nor a failure.</summary>
    public bool Unknown => Violations.Count == 0 && Linearizability.Outcome == CheckOutcome.Unknown;

    /// <summary>Why the linearizability checker could not decide, if it could not.</summary>
    public string? UnknownReason => Linearizability.UnknownReason;

    /// <summary>The trace hash as 16 hex digits.</summary>
    public string TraceHashText => FormatHash(TraceHash);

    /// <summary>"passed", or the first violation's label.</summary>
    public string Headline => Passed ? "passed" : Unknown ? "unknown" : Violations[0].Label + (Violations.Count > 1 ? $" (+{Violations.Count - 1} more)" : "");

    /// <summary>A hash as 16 hex digits.</summary>
    public static string FormatHash(ulong hash) => hash.ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The verdict for a person: outcome, scenario, counts, trace hash and each violation.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.Append(Passed ? "PASSED" : Unknown ? "UNKNOWN" : "FAILED").Append(": ").Append(Implementation).Append(", ").Append(Scenario.Describe()).Append('\n');
        text.Append("Run: ").Append(Counts).Append("; trace hash ").Append(TraceHashText).Append('\n');
        foreach (var violation in Violations) text.Append("- ").Append(violation).Append('\n');
        if (Unknown)
        {
            text.Append("- unknown: the linearizability checker could not decide (").Append(Linearizability.UnknownReason)
                .Append("); nothing else was found wrong. Give it more time (--check-timeout) to get a verdict.\n");
        }
        return text.ToString().TrimEnd('\n');
    }
}
