namespace LabRpc;

/// <summary>The work ready to run at this instant, as an <see cref="IChooser"/> sees it: which node each item belongs to,
/// in the order the items were posted.</summary>
public readonly struct ReadyItems
{
    private readonly ReadyQueue _queue;

    internal ReadyItems(ReadyQueue queue) => _queue = queue;

    /// <summary>How many items are ready.</summary>
    public int Count => _queue.Count;

    /// <summary>The node item <paramref name="index"/> runs on.</summary>
    public Node Node(int index) => _queue.At(index).Context.Node;

    /// <summary>Whether item <paramref name="index"/> will run (its node incarnation is alive); a dead one is skipped when taken.</summary>
    public bool IsAlive(int index) => _queue.At(index).Context.Alive;
}
