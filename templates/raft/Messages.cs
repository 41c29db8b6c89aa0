namespace MyRaft;

// The RPC messages. They cross the network as bytes (MessagePack): keep their state in public properties; records with
// positional parameters are ideal. Add the fields Figure 2 of the extended Raft paper lists.

public sealed record RequestVoteArgs(int Term, int CandidateId);

public sealed record RequestVoteReply(int Term, bool VoteGranted);

public sealed record LogEntry(int Term, object? Command);

public sealed record AppendEntriesArgs(int Term, int LeaderId, LogEntry[] Entries);

public sealed record AppendEntriesReply(int Term, bool Success);
