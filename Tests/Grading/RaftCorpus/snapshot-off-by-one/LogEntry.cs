using LabRpc;
using LabRpc.Raft;

namespace SnapshotOffByOneRaft;

/// <summary>One entry of the reference's log: the term it was made in and the command.</summary>
public sealed record LogEntry(int Term, object? Command);
