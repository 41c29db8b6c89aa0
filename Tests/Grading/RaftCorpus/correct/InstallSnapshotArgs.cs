using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>InstallSnapshot's arguments (Figure 13), sent whole (no chunks).</summary>
public sealed record InstallSnapshotArgs(int Term, int LeaderId, int LastIncludedIndex, int LastIncludedTerm, byte[] Data);
