using KvService.Contract;

namespace LabRpc.Tests.Kv.Plain;

/// <summary>
/// A correct KV implementation written the plain way, from the KV lab's page (docs/students/kv.md) and the contract alone: ordinary .NET strings in a
/// <c>Dictionary&lt;string, string&gt;</c>, a duplicate table per client that keeps the last sequence number and an
/// Append's old value, and a log of requests in the persister (see <see cref="PlainKvServer"/>). The suite and
/// <c>check</c> must pass it: it is what a student writes.
/// </summary>
public sealed class PlainKv : IKvImplementation
{
    /// <inheritdoc/>
    public string Name => "plain";

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(new PlainKvServer(persister)));
        return server;
    }

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new PlainClerk(runtime, servers[0]);
}
