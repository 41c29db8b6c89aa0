namespace LabRpc;

/// <summary>The <see cref="SynchronizationContext"/> of a <see cref="RealNode"/>: an await in the node's code comes back
/// to the node, whatever thread completed what it awaited.</summary>
internal sealed class RealNodeContext(RealNode node) : SynchronizationContext
{
    public RealNode Node { get; } = node;

    public override void Post(SendOrPostCallback d, object? state) => Node.Post(d, state);

    public override void Send(SendOrPostCallback d, object? state) => Node.Invoke(() =>
    {
        d(state);
        return true;
    });

    public override SynchronizationContext CreateCopy() => this;

    public override string ToString() => Node.Name;
}
