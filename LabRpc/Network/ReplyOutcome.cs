namespace LabRpc;

/// <summary>What the <see cref="Topology"/> decided for a reply when it leaves the server.</summary>
internal enum ReplyOutcome
{
    /// <summary>The server is gone or replaced, the end disabled, or the way back cut: the call fails.</summary>
    Lost,

    /// <summary>The reply is dropped by the network: the call fails.</summary>
    Dropped,

    /// <summary>The reply reaches the caller after its delay.</summary>
    Sent,

    /// <summary>The reply waits on a held link until it is released.</summary>
    Held,
}
