namespace LabRpc.Faults;

/// <summary>An end or a server, by name, cut off from everything for a while (its calls in flight fail), then healed
/// (<see cref="Network.Isolate"/>).</summary>
/// <param name="At">When it is cut off.</param>
/// <param name="Duration">How long until it is healed.</param>
/// <param name="Name">The end's or server's name on the network.</param>
public sealed record Isolation(TimeSpan At, TimeSpan Duration, string Name) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() => $"'{Name}' cut off {Window}";
}
