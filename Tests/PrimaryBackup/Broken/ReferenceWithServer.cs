using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.ViewService;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>The reference view service and clerk with a server of one's making: a subclass of the reference server that
/// overrides one decision.</summary>
internal sealed class ReferenceWithServer(Func<IRuntime, Persister, string, ClientEnd, IReadOnlyDictionary<string, ClientEnd>, PbServer> makeServer)
    : IPbImplementation
{
    public string Name => "reference-with-server";

    public Server CreateViewServer(IRuntime runtime) => new(new Service(new ViewServer(runtime), KvService.Contract.PrimaryBackup.ViewService.ServiceName));

    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new(new Service(makeServer(runtime, persister, me, viewService, peers), PbServer.ServiceName));

    public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        new PbClerk(runtime, viewService, servers);
}
