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

    /// <summary>The event's peer (leader or not) crashes and restarts from its persister when the event ends.</summary>
    CrashPeer,

    /// <summary>Every peer crashes; all restart together from their persisters when the event ends.</summary>
    CrashAll,

    /// <summary>Figure 8's churn: every 50–300 ms every live peer is handed a command, then a leader crashes or a crashed peer restarts (a majority kept up at most
    /// times); every crashed peer restarts when the event ends.</summary>
    Churn,
}
