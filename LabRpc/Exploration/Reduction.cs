namespace LabRpc.Exploration;

/// <summary>How a systematic walk cuts the orders of ready tasks it tries.</summary>
public enum Reduction
{
    /// <summary>Every ready task is a choice: the full tree of orders.</summary>
    None,

    /// <summary>
    /// A choice of node, not of task: each node runs its ready tasks in the order they were posted, as a machine handles the
    /// messages it receives in order, and the walk chooses which node takes the next step. Two tasks of one node posted by
    /// different senders still meet in both orders (by choosing the senders' order), but two posted by one step — a request
    /// and its copy sent at once, timers of one node due together — run only in the order they were posted: an assumption,
    /// which <see cref="None"/> does not make.
    /// </summary>
    Nodes,
}
