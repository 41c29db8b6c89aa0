using LabRpc.Tests.PrimaryBackup.Plain;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken (student style): the backup applies every write the primary forwards without looking at its duplicate
/// table, so a forward the primary sends again (its first answer was lost) is applied twice there, and shows once the
/// backup is the primary.</summary>
internal sealed class ReappliesForwardsPb : PlainPb
{
    public override string Name => "reapplies-forwards";

    protected override PlainServer MakeServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new Server(runtime, persister, me, viewService, peers);

    private sealed class Server(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
        : PlainServer(runtime, persister, me, viewService, peers)
    {
        protected override void ApplyForwarded(PlainForwardArgs args) => Execute(args.Op, args.Key, args.Value, args.ClientId, args.Seq);
    }
}
