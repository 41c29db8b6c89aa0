using System.Threading.Channels;

namespace LabRpc.Raft.Reference;

/// <summary>The reference Raft as an <see cref="IRaftImplementation"/> (or, inside the lab, with one of the zoo's flaws).</summary>
public sealed class ReferenceRaftImplementation : IRaftImplementation
{
    private readonly RaftFlaw _flaws;

    /// <summary>The reference, without flaws.</summary>
    public ReferenceRaftImplementation()
        : this("reference", RaftFlaw.None)
    {
    }

    internal ReferenceRaftImplementation(string name, RaftFlaw flaws)
    {
        Name = name;
        _flaws = flaws;
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh) =>
        new ReferenceRaft(runtime, peers, me, persister, applyCh, _flaws);
}
