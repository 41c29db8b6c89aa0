namespace LabRpc;

/// <summary>
/// A link's own drop, delay and duplication rates, and its callers' timeout, for messages crossing it in one direction
/// (see <see cref="Network.SetLinkFaults(Node, Node, LinkFaults?)"/>). A setting left null leaves the network's
/// <see cref="FaultProfile"/> in force for that link (the profile has no timeout: calls never time out).
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

    /// <summary>Chance that a request crossing the link is delivered a second time (the copy's reply is thrown away).
    /// Replaces the profile's <see cref="FaultProfile.DuplicateRate"/>.</summary>
    public double? DuplicateRate { get; init; }

    /// <summary>How late a copy may come: it reaches the server a uniform 0..this (whole milliseconds) after the request
    /// left, so that it can arrive after the caller's later requests. Replaces the profile's
    /// <see cref="FaultProfile.MaxDuplicateDelay"/>.</summary>
    public TimeSpan? MaxDuplicateDelay { get; init; }

    /// <summary>A call whose request crosses the link and that has no outcome this long after it was made fails at its
    /// caller, as a caller that times out would see it. Its request, if still on its way, arrives all the same and its
    /// handler runs (the reply is thrown away): with <see cref="MaxDelay"/> longer than this, an old request can arrive
    /// after the caller's retry and its later requests.</summary>
    public TimeSpan? Timeout { get; init; }
}
