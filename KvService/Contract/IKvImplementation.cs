using LabRpc;

namespace KvService.Contract;

/// <summary>
/// What a KV implementation provides so that the test suite and the harness can judge it: a server made on
/// a node from that node's persister, and a clerk made from client ends. The reference implementation, a
/// student's and the deliberately broken ones all plug in here.
/// </summary>
public interface IKvImplementation
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>
    /// A server running on <paramref name="node"/>, starting from what <paramref name="persister"/> holds
    /// (empty on first start; after a crash, whatever the previous incarnation saved). The harness registers
    /// the returned server on the network.
    /// </summary>
    Server CreateServer(Node node, Persister persister);

    /// <summary>A clerk that talks to the server through <paramref name="servers"/> (one end today).</summary>
    IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers);
}
