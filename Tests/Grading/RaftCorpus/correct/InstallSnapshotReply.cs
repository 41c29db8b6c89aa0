using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>InstallSnapshot's reply (Figure 13).</summary>
public sealed record InstallSnapshotReply(int Term);
