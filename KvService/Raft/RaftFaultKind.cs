namespace KvService.Raft;

/// <summary>What a Raft scenario's fault event does for its duration; each is healed when it ends.</summary>
public enum RaftFaultKind
{
    /// <summary>The leader of the moment (or the event's peer, if there is none) is disconnected from everyone.</summary>
    IsolateLeader,

    /// <summary>A minority, the leader of the moment first, is cut off: each of its peers alone.</summary>
    PartitionMinority,

    /// <summary>A majority, the leader of the moment first, is cut off: nobody has a quorum until it heals.</summary>
    PartitionMajority,

    /// <summary>The leader of the moment (or the event's peer) crashes and restarts from its persister when the event ends.</summary>
    CrashRestart,

    /// <summary>The network drops and delays messages.</summary>
    Unreliable,

    /// <summary>The network is unreliable and holds some replies back for long (long reordering).</summary>
    LongReordering,
}
