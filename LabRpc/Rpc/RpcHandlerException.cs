namespace LabRpc;

/// <summary>A handler threw; <see cref="Exception.InnerException"/> is what it threw, with its original stack.</summary>
public sealed class RpcHandlerException : RpcException
{
    /// <summary>Creates the error.</summary>
    public RpcHandlerException(string message, Exception inner) : base(message, inner) { }
}
