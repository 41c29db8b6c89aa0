namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// What a primary/backup scenario's run showed: the violations (not linearizable, an Append applied twice or an
/// acknowledged one lost, an operation that never returned once the faults stopped, a failed run), whether the
/// linearizability checker could not decide (unknown: never a pass), the trace hash and counts.
/// </summary>
public sealed record PbVerdict(PbScenario Scenario, IReadOnlyList<string> Violations, bool Unknown, ulong TraceHash, int Operations, int Rpcs)
{
    /// <summary>No violation, and the checker decided.</summary>
    public bool Passed => Violations.Count == 0 && !Unknown;

    /// <summary>A violation was found (an unknown verdict is not a failure either).</summary>
    public bool Failed => Violations.Count > 0;

    /// <inheritdoc/>
    public override string ToString() =>
        Passed ? $"passed: {Scenario}"
        : Failed ? $"FAILED: {Scenario}{Environment.NewLine}  " + string.Join(Environment.NewLine + "  ", Violations)
        : $"UNKNOWN (the linearizability checker ran out of time): {Scenario}";
}
