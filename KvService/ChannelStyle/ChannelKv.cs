using KvService.Contract;
using LabRpc;

namespace KvService.ChannelStyle;

/// <summary>
/// A KV implementation in the goroutine-and-channel style of many 6.824 solutions: the RPC handlers send each request
/// over a channel to one applier task, started on the server's node with the server, and await its answer; the applier
/// alone touches the state (see <see cref="ChannelKvServer"/>). The suite and <c>check</c> judge it like the reference
/// (<c>check --impl ChannelKv</c>).
/// </summary>
public sealed class ChannelKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "channel";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        var server = new Server();
        server.AddService(new Service(new ChannelKvServer(runtime, persister)));
        return server;
    }

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        return new ChannelClerk(runtime, servers[0]);
    }
}
