using LabRpc;

namespace KvService.Contract;

/// <summary>
/// What a KV implementation provides so that the test suite, the harness and the real server can use it: a server
/// made on a node from that node's persister, and a clerk made from client ends. The reference implementation, a
/// student's and the deliberately broken ones all plug in here. The same code runs in the simulation (a simulated
/// <see cref="Node"/>, virtual time, the simulated network and disk) and on a real machine (a real node, TCP and
/// files): it reaches the world only through <see cref="IRuntime"/>, <see cref="Persister"/> and <see cref="ClientEnd"/>.
/// </summary>
public interface IKvImplementation
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>
    /// A server running on the node <paramref name="runtime"/>, starting from what <paramref name="persister"/> holds
    /// (empty on first start; after a crash, whatever the previous incarnation saved). Tasks it starts with
    /// <see cref="IRuntime.Go"/> belong to the node and die with it. The caller serves the returned server.
    /// </summary>
    Server CreateServer(IRuntime runtime, Persister persister);

    /// <summary>A clerk, running on <paramref name="runtime"/>, that talks to the server through
    /// <paramref name="servers"/> (one end today).</summary>
    IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers);
}
