using System.Threading.Channels;

namespace LabRpc.Raft;

/// <summary>
/// What a Raft implementation provides so that the tester can judge it: 6.5840's <c>Make(peers, me, persister, applyCh)</c>.
/// The reference, a student's and the deliberately broken ones all plug in here. A peer reaches the world only through
/// the <see cref="IRuntime"/> it is made on (time, randomness, its tasks), its <see cref="ClientEnd"/>s and its
/// <see cref="Persister"/>: it runs unchanged in the simulation, in virtual time.
/// </summary>
public interface IRaftImplementation
{
    /// <summary>A short name for reports.</summary>
    string Name { get; }

    /// <summary>
    /// Peer <paramref name="me"/> of a Raft group, on the node <paramref name="runtime"/>: tasks it starts with
    /// <see cref="IRuntime.Go"/> belong to the node and die with it when the node crashes. <paramref name="peers"/>
    /// holds one end per peer, <c>peers[me]</c> included, in the same order on every peer; call a peer's handlers as
    /// <c>"Raft.Method"</c> (<see cref="RaftRpc.ServiceName"/>). <paramref name="persister"/> holds what the previous
    /// incarnation saved (nothing on first start): see <see cref="RaftPersistence"/>. Send each committed command, and
    /// each snapshot taken from a leader, to <paramref name="applyCh"/>, in log order. The method must return quickly:
    /// start long-running work (the election ticker) with <see cref="IRuntime.Go"/>.
    /// </summary>
    IRaft Make(IRuntime runtime, IReadOnlyList<ClientEnd> peers, int me, Persister persister, ChannelWriter<ApplyMsg> applyCh);
}
