using KvService.Contract;
using LabRpc.Tests.Kv.Plain;

namespace LabRpc.Tests.Kv.Nondeterministic;

/// <summary>
/// A correct implementation, but nondeterministic: <see cref="PlainKv"/>'s server and clerk, with each clerk's client id
/// drawn from <see cref="Random.Shared"/> instead of the simulation's random source. It passes every other check; only
/// the determinism check notices that a seed no longer replays the run.
/// </summary>
public sealed class SharedRandomClientIdKv : IKvImplementation
{
    private readonly PlainKv _plain = new();

    /// <inheritdoc/>
    public string Name => "shared-random-client-id";

    /// <inheritdoc/>
    public Server CreateServer(Node node, Persister persister) => _plain.CreateServer(node, persister);

    /// <inheritdoc/>
    public IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) =>
        new PlainClerk(simulation, servers[0], Random.Shared.NextInt64());
}
