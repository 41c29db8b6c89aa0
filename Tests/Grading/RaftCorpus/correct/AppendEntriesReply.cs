using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>
/// AppendEntries' reply, with the fast backup hints of 6.5840's guide: on a mismatch, <paramref name="ConflictTerm"/> is
/// the term of the follower's entry at PrevLogIndex and <paramref name="ConflictIndex"/> its first index in that term;
/// when the follower's log is too short, <paramref name="ConflictTerm"/> is -1 and <paramref name="ConflictIndex"/> is
/// the follower's log length (its last index + 1).
/// </summary>
public sealed record AppendEntriesReply(int Term, bool Success, int ConflictTerm, int ConflictIndex);
