using KvService.PrimaryBackup.Reference;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>Broken: a state transfer carries the values but not the duplicate table, so a new backup, once promoted,
/// executes a client's retry of a write that was already applied.</summary>
internal sealed class TransferWithoutDuplicatesServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    : PbServer(runtime, persister, me, viewService, peers)
{
    protected override DuplicateEntry[] DuplicatesToTransfer() => [];
}
