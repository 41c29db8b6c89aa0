namespace LabRpc;

/// <summary>What the <see cref="Topology"/> decided for a request.</summary>
internal enum RequestOutcome
{
    /// <summary>No server can be reached (end disabled, no server, server down, isolated, link cut): the call fails later.</summary>
    Unreachable,

    /// <summary>The request is lost on the way: the call fails once its delay has passed.</summary>
    Dropped,

    /// <summary>The request goes to the server after its delay.</summary>
    Sent,

    /// <summary>The request waits on a held link until it is released.</summary>
    Held,
}
