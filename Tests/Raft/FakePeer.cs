using LabRpc.Raft;

namespace LabRpc.Tests.Raft;

/// <summary>A peer whose state a test sets by hand, for the invariant checker.</summary>
internal sealed class FakePeer : IRaft, IRaftInspection
{
    public List<(int Term, object? Command)> Log { get; } = [(0, null)];

    public int CurrentTerm { get; set; }

    public bool IsLeader { get; set; }

    public int CommitIndex { get; set; }

    public int SnapshotIndex => 0;

    public int LastLogIndex => Log.Count - 1;

    public int TermAt(int index) => Log[index].Term;

    public object? CommandAt(int index) => Log[index].Command;

    public FakePeer With(params (int Term, object? Command)[] entries)
    {
        Log.AddRange(entries);
        return this;
    }

    public StartResult Start(object command) => new(-1, CurrentTerm, false);

    public RaftState GetState() => new(CurrentTerm, IsLeader);

    public void Snapshot(int index, byte[] snapshot)
    {
    }
}
