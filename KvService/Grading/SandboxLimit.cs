namespace KvService.Grading;

/// <summary>One limit a worker runs under: its name, its value, whether it holds on this machine, and how (or why not).</summary>
public sealed record SandboxLimit(string Name, string Value, bool Holds, string How)
{
    /// <inheritdoc/>
    public override string ToString() => $"{Name}: {Value} — {(Holds ? "holds" : "DOES NOT HOLD")}: {How}";
}
