using LabRpc;

namespace KvService.Contract.PrimaryBackup;

/// <summary>
/// What a primary/backup KV implementation provides so that the harness can judge it: a view server, primary/backup
/// servers and clerks, each made on its own simulated node (what it starts through <see cref="IRuntime.Go"/> dies with
/// that node). Servers are known by name ("pb0", "pb1", ...): the view service names them in views, and each server and
/// clerk gets an end per peer, keyed by the peer's name, so that the harness can cut any one link.
/// </summary>
public interface IPbImplementation
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>
    /// The view server, on its own node. The harness registers the returned server; its handlers must be registered under
    /// <see cref="ViewService.ServiceName"/> with the methods <see cref="ViewService.Ping"/> and <see cref="ViewService.Get"/>.
    /// </summary>
    Server CreateViewServer(IRuntime runtime);

    /// <summary>
    /// The primary/backup server <paramref name="me"/>, on its own node. It pings the view service through
    /// <paramref name="viewService"/> and reaches the other servers through <paramref name="peers"/>. A server made again
    /// after a crash gets the same <paramref name="persister"/>, holding what the previous incarnation saved.
    /// </summary>
    Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers);

    /// <summary>A clerk that finds the primary through <paramref name="viewService"/> and talks to it through
    /// <paramref name="servers"/> (one end per server, keyed by name). The KV service's clerk contract holds.</summary>
    IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers);
}
