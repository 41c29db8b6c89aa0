namespace LabRpc;

/// <summary>
/// A link's own drop and delay rates, for messages crossing it in one direction (see <see cref="Network.SetLinkFaults(Node, Node, LinkFaults?)"/>).
/// A setting left null leaves the network's <see cref="FaultProfile"/> in force for that link.
/// </summary>
public sealed record LinkFaults
{
    /// <summary>Chance that a message crossing the link is lost: a request (its handler never runs) or a reply (the handler
    /// ran). Replaces the profile's <see cref="FaultProfile.RequestDropRate"/> and <see cref="FaultProfile.ReplyDropRate"/>.</summary>
    public double? DropRate { get; init; }

    /// <summary>A message crossing the link waits a uniform 0..this (whole milliseconds). For requests it replaces the
    /// profile's <see cref="FaultProfile.MaxRequestDelay"/>; replies, which the profile never delays, wait this on top of
    /// any long reordering.</summary>
    public TimeSpan? MaxDelay { get; init; }
}
