namespace LabRpc.Faults;

/// <summary>labrpc's unreliable network for a while: requests delayed 0–26 ms, 10 % of requests and 10 % of replies lost.</summary>
public sealed record UnreliableNetwork(TimeSpan At, TimeSpan Duration) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() => $"unreliable network {Window}";
}
