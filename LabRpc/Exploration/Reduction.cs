namespace LabRpc.Exploration;

/// <summary>How a systematic walk cuts the orders of ready tasks it tries.</summary>
public enum Reduction
{
    /// <summary>Every ready task is a choice: the full tree of orders.</summary>
    None,

    /// <summary>
    /// A choice of node, not of task: each node runs its ready tasks in the order they were posted, as a machine handles the
    /// messages it receives in order, and the walk chooses which node takes the next step. Orders of two tasks of one node
    /// that only a different posting order would give are reached by choosing the senders' order instead.
    /// </summary>
    Nodes,
}
