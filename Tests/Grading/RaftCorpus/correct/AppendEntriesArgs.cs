using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>AppendEntries' arguments (Figure 2).</summary>
public sealed record AppendEntriesArgs(int Term, int LeaderId, int PrevLogIndex, int PrevLogTerm, LogEntry[] Entries, int LeaderCommit);
