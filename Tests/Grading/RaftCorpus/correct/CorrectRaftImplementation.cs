using System.Threading.Channels;
using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>The reference Raft, handed in as a submission: its peers, without flaws.</summary>
public sealed class CorrectRaftImplementation : IRaftImplementation
{
    /// <inheritdoc/>
    public string Name => "correct";

    /// <inheritdoc/>
    public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh) =>
        new ReferenceRaft(runtime, peers, me, persister, applyCh, RaftFlaw.None);
}
