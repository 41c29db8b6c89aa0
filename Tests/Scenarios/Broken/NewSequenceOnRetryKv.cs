namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: the clerk takes a new sequence number for each resend, so the server cannot tell a retry from a new request.</summary>
public sealed class NewSequenceOnRetryKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "new-sequence-number-on-retry";

    /// <inheritdoc/>
    public override string Description => "the clerk takes a new sequence number on each retry: a retry looks like a new request";

    /// <inheritdoc/>
    protected override SimpleKvClerk CreateSimpleClerk(Simulation simulation, ClientEnd server) => new Clerk(simulation, server);

    private sealed class Clerk(Simulation simulation, ClientEnd server) : SimpleKvClerk(simulation, server)
    {
        protected override long RetrySeq(long seq) => ++Seq;
    }
}
