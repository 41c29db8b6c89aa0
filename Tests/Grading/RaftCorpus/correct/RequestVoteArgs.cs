using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>RequestVote's arguments (Figure 2).</summary>
public sealed record RequestVoteArgs(int Term, int CandidateId, int LastLogIndex, int LastLogTerm);
