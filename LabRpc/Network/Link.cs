namespace LabRpc;

/// <summary>One direction of the link between two nodes, as far as it differs from a healthy one.</summary>
internal sealed class Link(Node from, Node to)
{
    public Node From { get; } = from;

    public Node To { get; } = to;

    /// <summary>Messages from <see cref="From"/> to <see cref="To"/> are lost.</summary>
    public bool Partitioned { get; set; }

    /// <summary>Messages wait in <see cref="Waiting"/> until the link is released.</summary>
    public bool Held { get; set; }

    public double? DropRate { get; set; }

    public TimeSpan? MaxDelay { get; set; }

    public double? DuplicateRate { get; set; }

    public TimeSpan? MaxDuplicateDelay { get; set; }

    /// <summary>Calls across the link fail at their caller this long after they were made, unless they have an outcome by then.</summary>
    public TimeSpan? Timeout { get; set; }

    /// <summary>Messages held, in the order they left.</summary>
    public List<HeldMessage>? Waiting { get; set; }

    /// <summary>Nothing to remember: the link behaves as if it had no entry.</summary>
    public bool IsHealthy => !Partitioned && !Held && DropRate is null && MaxDelay is null && DuplicateRate is null && MaxDuplicateDelay is null
        && Timeout is null && (Waiting is null || Waiting.Count == 0);

    public override string ToString() => $"{From.Name} -> {To.Name}";
}
