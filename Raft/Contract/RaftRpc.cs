namespace LabRpc.Raft;

/// <summary>How peers reach each other: the tester serves each peer's <see cref="IRaft"/> object under
/// <see cref="ServiceName"/>, so its handler <c>RequestVote</c> is called as <c>"Raft.RequestVote"</c>.</summary>
public static class RaftRpc
{
    /// <summary>The service name the tester registers each peer under: <c>Raft</c>.</summary>
    public const string ServiceName = "Raft";
}
