namespace LabRpc;

/// <summary>What a <see cref="FaultProxy"/> has done so far: a snapshot, for a run's summary.</summary>
public sealed record FaultProxyCounts
{
    /// <summary>Connections accepted and forwarded to the server.</summary>
    public long Accepted { get; init; }

    /// <summary>Connections reset at once because the proxy was partitioned.</summary>
    public long Refused { get; init; }

    /// <summary>Connections closed because the server could not be reached.</summary>
    public long TargetUnreachable { get; init; }

    /// <summary>Connections cut on purpose: by <see cref="FaultProxyOptions.CutRate"/>, a partition or <see cref="FaultProxy.CutAll"/>.</summary>
    public long Cut { get; init; }

    /// <summary>Connections cut because a length prefix was over <see cref="FaultProxyOptions.MaxFrameBytes"/>.</summary>
    public long BadFrames { get; init; }

    /// <summary>Frames forwarded from clients to the server.</summary>
    public long RequestsForwarded { get; init; }

    /// <summary>Frames forwarded from the server to clients.</summary>
    public long RepliesForwarded { get; init; }

    /// <summary>Frames forwarded, both ways.</summary>
    public long FramesForwarded => RequestsForwarded + RepliesForwarded;

    /// <summary>Bytes forwarded whole, both ways, length prefixes included.</summary>
    public long BytesForwarded { get; init; }

    /// <summary>Frames held back by <see cref="FaultProxyOptions.DelayRate"/> (a delay of 0 ms included).</summary>
    public long FramesDelayed { get; init; }

    /// <summary>Frames from clients dropped by <see cref="FaultProxyOptions.RequestDropRate"/>.</summary>
    public long RequestsDropped { get; init; }

    /// <summary>Frames from the server dropped by <see cref="FaultProxyOptions.ReplyDropRate"/>.</summary>
    public long RepliesDropped { get; init; }

    /// <summary>One line: every count, by name.</summary>
    public override string ToString() =>
        $"connections: {Accepted} accepted, {Refused} refused, {TargetUnreachable} server unreachable, {Cut} cut, {BadFrames} bad frames; " +
        $"frames: {RequestsForwarded} requests and {RepliesForwarded} replies forwarded ({BytesForwarded} bytes), {FramesDelayed} delayed, " +
        $"{RequestsDropped} requests and {RepliesDropped} replies dropped";
}
