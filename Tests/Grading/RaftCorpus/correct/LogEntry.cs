using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>One entry of the reference's log: the term it was made in and the command.</summary>
public sealed record LogEntry(int Term, object? Command);
