using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>RequestVote's reply (Figure 2).</summary>
public sealed record RequestVoteReply(int Term, bool VoteGranted);
