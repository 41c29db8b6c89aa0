namespace LabRpc;

/// <summary>The steps of a call's way through the network, as <see cref="Network.OnCallEvent"/> reports them.</summary>
public enum CallStage
{
    /// <summary>The caller sent the request; the network accepted it.</summary>
    Sent,

    /// <summary>The request reached the server; its handler is about to run. Killing the server's node now
    /// means the handler never runs.</summary>
    Arrived,

    /// <summary>The handler returned; the reply is about to leave. Killing the server's node now means the
    /// request was executed but the reply is never sent.</summary>
    Executed,

    /// <summary>The reply left the server and is on its way: it arrives even if the server dies now.</summary>
    ReplySent,

    /// <summary>The caller got the reply.</summary>
    Delivered,

    /// <summary>The caller got a failure (request or reply lost, server unreachable or gone).</summary>
    Failed,
}
