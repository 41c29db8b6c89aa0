namespace LabRpc;

/// <summary>The first byte of a frame's body (see <see cref="TcpFrames"/>).</summary>
internal enum TcpFrameKind : byte
{
    /// <summary>A call, client to server.</summary>
    Request = 1,

    /// <summary>A handler's reply, server to client.</summary>
    Reply = 2,

    /// <summary>A call the server could not answer with a reply, or a refused connection.</summary>
    Error = 3,
}
