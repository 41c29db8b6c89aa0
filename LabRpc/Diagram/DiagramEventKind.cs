namespace LabRpc.Diagram;

/// <summary>What a <see cref="DiagramEvent"/> is.</summary>
public enum DiagramEventKind
{
    /// <summary>A request left its client end.</summary>
    Sent,

    /// <summary>A request (or a duplicate's copy) reached the server.</summary>
    Arrived,

    /// <summary>The handler returned.</summary>
    Executed,

    /// <summary>The reply left the server.</summary>
    ReplySent,

    /// <summary>The reply reached the caller.</summary>
    Delivered,

    /// <summary>The call failed at the caller (a request or reply lost, a server down or cut off).</summary>
    Failed,

    /// <summary>A node crashed.</summary>
    Crash,

    /// <summary>A node restarted.</summary>
    Restart,

    /// <summary>An operation was called by a client.</summary>
    Call,

    /// <summary>An operation returned to its client.</summary>
    Return,

    /// <summary>Anything else worth a line.</summary>
    Note,
}
