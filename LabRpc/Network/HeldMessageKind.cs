namespace LabRpc;

/// <summary>What a <see cref="HeldMessage"/> is.</summary>
internal enum HeldMessageKind
{
    /// <summary>A request on its way to the server.</summary>
    Request,

    /// <summary>The network's second copy of a request.</summary>
    Copy,

    /// <summary>A reply on its way back to the caller.</summary>
    Reply,
}
