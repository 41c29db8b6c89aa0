using LabRpc;
using LabRpc.Raft;

namespace SnapshotOffByOneRaft;

/// <summary>A peer's role.</summary>
internal enum RaftRole
{
    Follower,
    Candidate,
    Leader,
}
