namespace LabRpc;

/// <summary>Why an error frame was sent (see <see cref="TcpFrames"/>), and what the caller sees.</summary>
internal enum TcpErrorCode : byte
{
    /// <summary>No such service or method: the call throws <see cref="RpcMethodNotFoundException"/>, as in the simulation.</summary>
    MethodNotFound = 1,

    /// <summary>The arguments did not decode as the handler's type: the call throws <see cref="RpcException"/>.</summary>
    BadArguments = 2,

    /// <summary>The handler threw: the call throws <see cref="RpcHandlerException"/>.</summary>
    HandlerThrew = 3,

    /// <summary>The call was lost (the server could not make its reply durable, or is shutting down): ok=false.</summary>
    Unavailable = 4,

    /// <summary>The connection broke the protocol or a limit (call id 0); the server closes it after this frame.</summary>
    BadFrame = 5,
}
