namespace LabRpc.Faults;

/// <summary>labrpc's long reordering for a while: two replies in three are held back 200–2200 ms.</summary>
public sealed record LongReordering(TimeSpan At, TimeSpan Duration) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() => $"long reordering {Window}";
}
