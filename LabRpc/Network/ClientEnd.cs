namespace LabRpc;

/// <summary>A client's end of a connection to a server (labrpc's ClientEnd).</summary>
public sealed class ClientEnd
{
    private readonly IRemoteCaller? _remote;

    internal ClientEnd(Network network, string name)
    {
        Network = network;
        Name = name;
    }

    internal ClientEnd(IRemoteCaller remote, string name)
    {
        _remote = remote;
        Name = name;
    }

    /// <summary>The simulated network this end belongs to; null for an end of the real world (a TCP connection).</summary>
    public Network? Network { get; }

    /// <summary>The end's name, unique in its network.</summary>
    public string Name { get; }

    internal bool Enabled { get; set; }

    internal bool Deleted { get; set; }

    internal string? ServerName { get; set; }

    /// <summary>The network's last lookup of <see cref="ServerName"/>: the name looked up, the server found (or null), and
    /// the network's server version it was found at (see <c>Network.FindServer</c>).</summary>
    internal (string? Name, ServerEntry? Server, int Version) LastLookup { get; set; }

    /// <summary>
    /// Sends <paramref name="args"/> to <paramref name="method"/> (<c>"Service.Method"</c>) on the connected
    /// server. <c>Ok</c> is false if the request or reply was lost or the server is unreachable; as in labrpc,
    /// the call always completes, and a caller that needs an answer retries.
    /// </summary>
    public ValueTask<CallResult<TReply>> Call<TReply>(string method, object args) =>
        _remote is null ? Network!.Call<TReply>(this, method, args) : _remote.Call<TReply>(method, args);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
