namespace LabRpc;

/// <summary>
/// The one place a message's fate is decided: whether it can reach its destination, how long it waits, whether it is
/// lost, sent twice, held back by long reordering, or held on a link until released, and whether its caller times out. It knows the network-wide
/// <see cref="FaultProfile"/> (labrpc's switches and isolation) and, per link — a pair of nodes, each direction — what
/// differs from a healthy link: cut, held, or its own drop and delay rates. A client end belongs to the node that calls
/// through it; a server to the node it runs on.
/// </summary>
/// <remarks>
/// Every random draw goes through the simulation's <see cref="IChooser"/>, in labrpc's order; a link with no setting draws
/// exactly what the profile alone would. With no per-link setting at all no link is looked up; otherwise one lookup per
/// message. A message's fate is decided when it leaves: a partition does not touch messages already on their way.
/// </remarks>
internal sealed class Topology(IChooser chooser)
{
    private const long Ms = TimeSpan.TicksPerMillisecond;
    private readonly Dictionary<long, Link> _links = [];

    /// <summary>The network-wide settings.</summary>
    public FaultProfile Profile { get; set; } = FaultProfile.Reliable;

    /// <summary>The links that differ from healthy ones.</summary>
    public IEnumerable<Link> Links => _links.Values;

    /// <summary>The fate of a request from <paramref name="caller"/> through <paramref name="end"/> to <paramref name="target"/>
    /// (null: the end names no server, or none of that name exists).</summary>
    public RequestFate Request(ClientEnd end, ServerEntry? target, NodeContext caller)
    {
        FaultProfile faults = Profile;
        Link? link = target is null || _links.Count == 0 ? null : Find(caller.Node, target.Host.Node);
        if (target is null || !end.Enabled || !target.Host.Alive || Isolated(faults, end.Name, target.Name) || link is { Partitioned: true })
            return new(RequestOutcome.Unreachable, chooser.Delay(DelayChoice.Unreachable, faults.LongDelays ? 7000 : 100) * Ms, -1, link);
        int maxDelay = (int)(link?.MaxDelay ?? faults.MaxRequestDelay).TotalMilliseconds;
        long delay = maxDelay > 0 ? chooser.Delay(DelayChoice.Request, maxDelay + 1) * Ms : 0;
        double dropRate = link?.DropRate ?? faults.RequestDropRate;
        if (dropRate > 0 && chooser.Fault(FaultChoice.DropRequest, dropRate)) return new(RequestOutcome.Dropped, delay, -1, link);
        long copy = -1;
        double duplicateRate = link?.DuplicateRate ?? faults.DuplicateRate;
        if (duplicateRate > 0 && chooser.Fault(FaultChoice.Duplicate, duplicateRate))
        {
            var maxDuplicateDelay = link?.MaxDuplicateDelay ?? faults.MaxDuplicateDelay;
            int maxCopyDelay = maxDuplicateDelay > TimeSpan.Zero ? (int)maxDuplicateDelay.TotalMilliseconds : maxDelay;
            copy = maxCopyDelay > 0 ? chooser.Delay(DelayChoice.Copy, maxCopyDelay + 1) * Ms : 0;
        }
        return new(link is { Held: true } ? RequestOutcome.Held : RequestOutcome.Sent, delay, copy, link);
    }

    /// <summary>The fate of <paramref name="call"/>'s reply as it leaves <paramref name="target"/>; <paramref name="serverCurrent"/>
    /// is false when the server was deleted or replaced while its handler ran.</summary>
    public ReplyFate Reply(PendingCall call, ServerEntry target, bool serverCurrent)
    {
        FaultProfile faults = Profile;
        Link? link = _links.Count == 0 ? null : Find(target.Host.Node, call.Caller.Node);
        if (!call.End.Enabled || call.End.Deleted || !target.Host.Alive || !serverCurrent
            || Isolated(faults, call.End.Name, target.Name) || link is { Partitioned: true })
            return new(ReplyOutcome.Lost, 0, false, link);
        double dropRate = link?.DropRate ?? faults.ReplyDropRate;
        if (dropRate > 0 && chooser.Fault(FaultChoice.DropReply, dropRate)) return new(ReplyOutcome.Dropped, 0, false, link);
        long delay = 0;
        bool heldBack = false;
        if (faults.LongReordering && chooser.Fault(FaultChoice.HoldReply, 2.0 / 3))
        {
            delay = (200 + chooser.Delay(DelayChoice.HoldOuter, 1 + chooser.Delay(DelayChoice.HoldInner, 2000))) * Ms;
            heldBack = true;
        }
        if (link?.MaxDelay is { } max && max >= TimeSpan.FromMilliseconds(1))
            delay += chooser.Delay(DelayChoice.Reply, (int)max.TotalMilliseconds + 1) * Ms;
        return new(link is { Held: true } ? ReplyOutcome.Held : ReplyOutcome.Sent, delay, heldBack, link);
    }

    /// <summary>The link from <paramref name="from"/> to <paramref name="to"/>, made if it has no entry yet.</summary>
    public Link Get(Node from, Node to)
    {
        long key = Key(from, to);
        if (!_links.TryGetValue(key, out var link)) _links.Add(key, link = new Link(from, to));
        return link;
    }

    /// <summary>The link's entry, or null when it is healthy.</summary>
    public Link? Find(Node from, Node to) => _links.GetValueOrDefault(Key(from, to));

    /// <summary>Forgets a link that has become healthy, so that a network without settings looks nothing up.</summary>
    public void Forget(Link link)
    {
        if (link.IsHealthy) _links.Remove(Key(link.From, link.To));
    }

    private static bool Isolated(FaultProfile faults, string end, string server) =>
        faults.Isolated.Count != 0 && (faults.Isolated.Contains(end) || faults.Isolated.Contains(server));

    private static long Key(Node from, Node to) => ((long)from.Id << 32) | (uint)to.Id;
}
