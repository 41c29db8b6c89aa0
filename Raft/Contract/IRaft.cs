namespace LabRpc.Raft;

/// <summary>
/// One Raft peer, as the tester (and later a service built on Raft) uses it. Its public methods of the shape
/// <c>TReply Method(TArgs args)</c> or <c>Task&lt;TReply&gt; Method(TArgs args)</c> are its RPC handlers: the tester serves the
/// object under the service name <see cref="RaftRpc.ServiceName"/>, so a peer calls them as <c>"Raft.RequestVote"</c>.
/// The tester calls the methods below from the peer's own node, one piece of code at a time: no locks are needed, but
/// state can change across every <c>await</c>.
/// </summary>
public interface IRaft
{
    /// <summary>
    /// Asks this peer to put <paramref name="command"/> in the log. A leader appends it and returns at once, before the
    /// command commits, with the index the command will have if it ever commits, the current term, and true; a peer
    /// that is not the leader returns false (index and term then do not matter). 6.5840's <c>Start</c>.
    /// </summary>
    StartResult Start(object command);

    /// <summary>The current term and whether this peer believes it is the leader. 6.5840's <c>GetState</c>.</summary>
    RaftState GetState();

    /// <summary>
    /// The service has a snapshot of its state up to and including <paramref name="index"/>: Raft may discard its log up
    /// to that index, and must keep <paramref name="snapshot"/> in the persister (a restarted peer starts from it, and a
    /// lagging follower gets it through InstallSnapshot). 6.5840's <c>Snapshot</c>.
    /// </summary>
    void Snapshot(int index, byte[] snapshot);
}
