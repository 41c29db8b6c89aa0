
namespace LabRpc;

/// <summary>A server as registered on a network: its name and the node incarnation it runs on.</summary>
internal sealed class ServerEntry(string name, Server server, NodeContext host)
{
    public string Name { get; } = name;

    public Server Server { get; } = server;

    public NodeContext Host { get; } = host;

    /// <summary>Set when the network removed or replaced this server: a reply it sends is not delivered.</summary>
    public bool Removed { get; set; }
}
