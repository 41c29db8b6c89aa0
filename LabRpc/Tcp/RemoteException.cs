namespace LabRpc;

/// <summary>What a handler on a remote server threw, as far as it crossed the network: the exception's type and
/// message (the exception itself, and its stack, stay in the server's log). The inner exception of the
/// <see cref="RpcHandlerException"/> a TCP call throws.</summary>
public sealed class RemoteException : Exception
{
    /// <summary>Creates the error.</summary>
    public RemoteException(string typeName, string message) : base(message) => TypeName = typeName;

    /// <summary>The full name of the type the handler threw.</summary>
    public string TypeName { get; }
}
