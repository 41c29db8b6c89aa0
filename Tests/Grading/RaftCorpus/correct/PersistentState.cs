using LabRpc;
using LabRpc.Raft;

namespace CorrectRaft;

/// <summary>What the reference saves under <see cref="RaftPersistence.StateKey"/>: term, vote, and the log after the
/// snapshot (the snapshot's last index and term first), in JSON.</summary>
public sealed record PersistentState(int Term, int VotedFor, int SnapshotIndex, int SnapshotTerm, SavedEntry[] Entries);
