using LabRpc.Tests.PrimaryBackup.Plain;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken (student style): a write is taken for a duplicate only if its sequence number is its client's last,
/// and a Get replaces the client's entry; an old copy of a write that arrives after the client's next request is applied
/// again.</summary>
internal sealed class LastSequenceOnlyPb : PlainPb
{
    public override string Name => "last-sequence-only";

    protected override PlainServer MakeServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new Server(runtime, persister, me, viewService, peers);

    private sealed class Server(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
        : PlainServer(runtime, persister, me, viewService, peers)
    {
        protected override bool AlreadyApplied(PlainEntry? last, long seq) => last is not null && seq == last.Seq;

        protected override void Read(long clientId, long seq, string value) => Seen[clientId] = new PlainEntry(clientId, seq, value);
    }
}
