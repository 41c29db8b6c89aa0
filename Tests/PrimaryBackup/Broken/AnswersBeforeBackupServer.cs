using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Reference;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken: the primary answers a Put or Append before its backup has it; the forward goes out on its own, and
/// a primary that crashes just after answering leaves a backup without the write.</summary>
internal sealed class AnswersBeforeBackupServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    : PbServer(runtime, persister, me, viewService, peers)
{
    protected override Task<bool> ReplicateAsync(View view, PbOp op, string key, string value, long clientId, long seq)
    {
        if (op == PbOp.Get) return base.ReplicateAsync(view, op, key, value, clientId, seq);
        Runtime.Go(() => base.ReplicateAsync(view, op, key, value, clientId, seq), "forward");
        return Task.FromResult(true);
    }
}
