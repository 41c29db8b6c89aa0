namespace LabRpc.Raft.Tester;

/// <summary>The snapshot the tester's service makes every <see cref="RaftTester.SnapshotInterval"/> commands (6.5840's
/// applierSnap): the last index it covers and every command up to it (position 0 unused).</summary>
public sealed record TesterSnapshot(int LastIncludedIndex, object?[] Log);
