namespace LabRpc;

/// <summary>A call named a service or method the server does not offer, or a method of the wrong shape.</summary>
public sealed class RpcMethodNotFoundException : RpcException
{
    /// <summary>Creates the error.</summary>
    public RpcMethodNotFoundException(string message) : base(message) { }
}
