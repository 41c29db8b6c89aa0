using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.ViewService;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>The reference implementation with its view server and the latest incarnation of each server at hand, so that
/// a script can react to a view change or to a server's own view of the world the moment it happens.</summary>
internal sealed class InspectedPb : IPbImplementation
{
    private readonly ReferencePb _reference = new();
    private ViewServer? _viewServer;

    /// <summary>The view server (once the cluster made it).</summary>
    public ViewServer ViewServer => _viewServer ?? throw new InvalidOperationException("The cluster has not made its view server yet.");

    /// <summary>The latest incarnation of each server, by name.</summary>
    public Dictionary<string, PbServer> Servers { get; } = new(StringComparer.Ordinal);

    public string Name => "inspected reference";

    public Server CreateViewServer(IRuntime runtime)
    {
        _viewServer = new ViewServer(runtime);
        return new(new Service(_viewServer, ViewService.ServiceName));
    }

    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    {
        var server = new PbServer(runtime, persister, me, viewService, peers);
        Servers[me] = server;
        return new(new Service(server, PbServer.ServiceName));
    }

    public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        _reference.CreateClerk(runtime, viewService, servers);
}
