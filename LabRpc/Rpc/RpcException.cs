namespace LabRpc;

/// <summary>A call reached a server that could not serve it: an unknown method, a handler that threw, bytes that would not decode.</summary>
public class RpcException : Exception
{
    /// <summary>Creates the error.</summary>
    public RpcException(string message, Exception? inner = null) : base(message, inner) { }
}
