namespace KvService.Scenarios;

/// <summary>One thing a run got wrong, in words a person can follow.</summary>
/// <param name="Kind">Which property it breaks.</param>
/// <param name="Message">What happened, with the operations, keys and virtual times involved.</param>
public sealed record Violation(ViolationKind Kind, string Message)
{
    /// <summary>The kind as a short label: "not linearizable", "at-most-once", "liveness", "run failed", "nondeterministic".</summary>
    public string Label => Kind switch
    {
        ViolationKind.NotLinearizable => "not linearizable",
        ViolationKind.AtMostOnce => "at-most-once",
        ViolationKind.Liveness => "liveness",
        ViolationKind.Nondeterministic => "nondeterministic",
        _ => "run failed",
    };

    /// <inheritdoc/>
    public override string ToString() => $"{Label}: {Message}";
}
