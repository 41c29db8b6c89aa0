using KvService.Contract;
using LabRpc;

namespace KvService.Reference;

/// <summary>The reference KV implementation: <see cref="KvServer"/> and <see cref="KvClerk"/>. The test suite judges it by default.</summary>
public sealed class ReferenceKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "reference";

    /// <inheritdoc/>
    public Server CreateServer(Node node, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(new KvServer(persister), KvServer.ServiceName));
        return server;
    }

    /// <inheritdoc/>
    public IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) => new KvClerk(simulation, servers);
}
