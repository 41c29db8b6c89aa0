using KvService.Contract;
using LabRpc.Tests.PrimaryBackup.Plain;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken (student style): the clerk asks the view service for the primary once and keeps it, so after a
/// failover it calls the old primary for good.</summary>
internal sealed class NeverAsksAgainPb : PlainPb
{
    public override string Name => "never-asks-again";

    public override IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        new Clerk(runtime, viewService, servers);

    private sealed class Clerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers)
        : PlainClerk(runtime, viewService, servers)
    {
        protected override void Failed()
        {
        }
    }
}
