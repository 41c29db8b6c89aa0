using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.ViewService;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>The reference implementation, with its latest server objects at hand, so that a test can look at a
/// server's own view of the world.</summary>
internal sealed class ObservedPb : IPbImplementation
{
    private readonly ReferencePb _reference = new();

    /// <summary>The latest incarnation of each server, by name.</summary>
    public Dictionary<string, PbServer> Servers { get; } = new(StringComparer.Ordinal);

    public string Name => "observed reference";

    public Server CreateViewServer(IRuntime runtime) => _reference.CreateViewServer(runtime);

    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    {
        var server = new PbServer(runtime, persister, me, viewService, peers);
        Servers[me] = server;
        return new(new Service(server, PbServer.ServiceName));
    }

    public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        _reference.CreateClerk(runtime, viewService, servers);
}
