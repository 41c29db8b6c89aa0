using LabRpc.Tests.PrimaryBackup.Plain;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken (student style): the primary's state transfer for a backup that lacks the state copies the state
/// before it takes the lock, and sends that copy once it has the lock, even if a client's request transferred the state
/// and applied a write meanwhile: the backup then holds an older state than the primary, and a failover loses the write.</summary>
internal sealed class CopiesStateBeforeLockPb : PlainPb
{
    public override string Name => "copies-state-before-lock";

    protected override PlainServer MakeServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new Server(runtime, persister, me, viewService, peers);

    private sealed class Server(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
        : PlainServer(runtime, persister, me, viewService, peers)
    {
        protected override async Task SyncAsync()
        {
            // The flaw: the copy is made before the lock is taken, and sent without looking again whether the backup still
            // lacks the state: a request may have given it the state and a write meanwhile.
            var copy = new PlainTransferArgs(View.Number, Me, new Dictionary<string, string>(Values, StringComparer.Ordinal), [.. Seen.Values]);
            using var held = await Lock.LockAsync();
            if (View.Primary == Me && View.Backup.Length > 0 && await TransferLockedAsync(copy with { View = View.Number })) Adopt(await PingAsync());
        }
    }
}
