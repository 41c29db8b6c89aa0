namespace KvService.Scenarios;

/// <summary>One client is cut off from the server for a while (its calls in flight fail), then reconnected.</summary>
/// <param name="At">When the client is cut off.</param>
/// <param name="Duration">How long until it is reconnected.</param>
/// <param name="Client">Which client (0-based).</param>
public sealed record ClientIsolation(TimeSpan At, TimeSpan Duration, int Client) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() => $"client {Client} cut off {Window}";
}
