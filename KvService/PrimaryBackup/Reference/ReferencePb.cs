using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.ViewService;
using LabRpc;

namespace KvService.PrimaryBackup.Reference;

/// <summary>The reference primary/backup implementation: <see cref="ViewServer"/>, <see cref="PbServer"/> and <see cref="PbClerk"/>.</summary>
public sealed class ReferencePb : IPbImplementation
{
    /// <inheritdoc/>
    public string Name => "reference";

    /// <inheritdoc/>
    public Server CreateViewServer(IRuntime runtime) => new(new Service(new ViewServer(runtime), Contract.PrimaryBackup.ViewService.ServiceName));

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new(new Service(new PbServer(runtime, persister, me, viewService, peers), PbServer.ServiceName));

    /// <inheritdoc/>
    public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        new PbClerk(runtime, viewService, servers);
}
