namespace LabRpc;

/// <summary>
/// One incarnation of a node: the <see cref="SynchronizationContext"/> and <see cref="TaskScheduler"/> its
/// work runs under. An await captures it, so every continuation knows its node wherever it was queued
/// from; killing the node marks it dead and the scheduler drops its work.
/// </summary>
internal sealed class NodeContext : SynchronizationContext
{
    public NodeContext(Node node, int incarnation)
    {
        Node = node;
        Incarnation = incarnation;
        Scheduler = new NodeTaskScheduler(this);
    }

    public Node Node { get; }

    public int Incarnation { get; }

    public bool Alive { get; set; } = true;

    public NodeTaskScheduler Scheduler { get; }

    public Simulation Simulation => Node.Simulation;

    public override void Post(SendOrPostCallback d, object? state) => Simulation.PostContinuation(this, d, state);

    public override void Send(SendOrPostCallback d, object? state)
    {
        Simulation.CheckThread("SynchronizationContext.Send");
        d(state);
    }

    public override SynchronizationContext CreateCopy() => this;

    public override string ToString() => $"{Node.Name}#{Incarnation}";
}
