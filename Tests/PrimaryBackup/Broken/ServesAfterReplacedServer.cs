using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Reference;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken (the classic lab's weakness): the primary answers Gets from its own state without asking its backup,
/// so a primary that was replaced without knowing it (cut off from the view service) keeps serving old values.</summary>
internal sealed class ServesAfterReplacedServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    : PbServer(runtime, persister, me, viewService, peers)
{
    protected override Task<bool> ReplicateAsync(View view, PbOp op, string key, string value, long clientId, long seq) =>
        op == PbOp.Get ? Task.FromResult(true) : base.ReplicateAsync(view, op, key, value, clientId, seq);
}
