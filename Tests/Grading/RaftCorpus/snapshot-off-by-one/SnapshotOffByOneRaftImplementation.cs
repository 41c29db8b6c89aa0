using System.Threading.Channels;
using LabRpc;
using LabRpc.Raft;

namespace SnapshotOffByOneRaft;

/// <summary>The reference Raft with one classic bug: Snapshot(index) discards the entry after index too.</summary>
public sealed class SnapshotOffByOneRaftImplementation : IRaftImplementation
{
    /// <inheritdoc/>
    public string Name => "snapshot-off-by-one";

    /// <inheritdoc/>
    public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh) =>
        new ReferenceRaft(runtime, peers, me, persister, applyCh, RaftFlaw.None);
}
