
namespace LabRpc;

/// <summary>One call on its way through the network, from <c>Call</c> until the caller has its outcome.</summary>
internal abstract class PendingCall(Network network, ClientEnd end, string method, byte[] args, NodeContext caller, long id)
{
    public Network Network { get; } = network;

    public ClientEnd End { get; } = end;

    public string Method { get; } = method;

    public byte[] Args { get; } = args;

    public NodeContext Caller { get; } = caller;

    public long Id { get; } = id;

    public long SentTicks { get; init; }

    public CallState State { get; set; }

    /// <summary>The server it was sent to, once the network found one.</summary>
    public ServerEntry? Target { get; set; }

    /// <summary>The encoded reply on its way back.</summary>
    public byte[]? ReplyBytes { get; set; }

    // The network's list of calls in flight (intrusive, O(1) add and remove).
    public PendingCall? Previous { get; set; }

    public PendingCall? Next { get; set; }

    /// <summary>Decodes the reply and completes the caller's await (runs on the caller's node).</summary>
    public abstract void Succeed(byte[] reply);

    /// <summary>Completes the caller's await with a failed call.</summary>
    public abstract void Fail();
}
