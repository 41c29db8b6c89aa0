namespace LabRpc.Raft;

/// <summary>What <see cref="IRaft.GetState"/> returns: the peer's current term and whether it believes it is the leader.</summary>
public readonly record struct RaftState(int Term, bool IsLeader);
