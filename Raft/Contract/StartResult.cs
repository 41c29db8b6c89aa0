namespace LabRpc.Raft;

/// <summary>What <see cref="IRaft.Start"/> returns: the index the command will have if it commits, the current term, and
/// whether this peer is the leader (only then do index and term mean anything).</summary>
public readonly record struct StartResult(int Index, int Term, bool IsLeader);
