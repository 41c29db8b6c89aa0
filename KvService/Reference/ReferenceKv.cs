using KvService.Contract;
using LabRpc;

namespace KvService.Reference;

/// <summary>The reference KV implementation: <see cref="KvServer"/> and <see cref="KvClerk"/>. The test suite judges it by default.</summary>
public sealed class ReferenceKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "reference";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(new KvServer(persister), KvServer.ServiceName));
        return server;
    }

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new KvClerk(runtime, servers);
}
