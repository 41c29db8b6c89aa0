namespace LabRpc.Raft.Reference;

/// <summary>A peer's role.</summary>
internal enum RaftRole
{
    Follower,
    Candidate,
    Leader,
}
