namespace LabRpc.Raft.Reference;

/// <summary>InstallSnapshot's reply (Figure 13).</summary>
public sealed record InstallSnapshotReply(int Term);
