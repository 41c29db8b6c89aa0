namespace LabRpc.Faults;

/// <summary>The link between two nodes, by name, cut for a while (<see cref="Network.Partition(string, string, bool)"/>):
/// messages from <see cref="A"/> to <see cref="B"/> are lost, and, unless <see cref="OneWay"/>, those from B to A.</summary>
/// <param name="At">When the link is cut.</param>
/// <param name="Duration">How long until it is healed.</param>
/// <param name="A">One node's name.</param>
/// <param name="B">The other node's name.</param>
/// <param name="OneWay">Only messages from A to B are lost.</param>
public sealed record LinkPartition(TimeSpan At, TimeSpan Duration, string A, string B, bool OneWay = false) : FaultEvent(At, Duration)
{
    /// <inheritdoc/>
    public override string Describe() => $"link {A} {(OneWay ? "->" : "<->")} {B} cut {Window}";
}
