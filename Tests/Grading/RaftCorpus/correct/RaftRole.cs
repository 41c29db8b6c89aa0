using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>A peer's role.</summary>
internal enum RaftRole
{
    Follower,
    Candidate,
    Leader,
}
