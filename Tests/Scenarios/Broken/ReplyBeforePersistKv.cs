namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: the server replies first and persists 5 ms later, so a crash in between loses acknowledged writes.</summary>
public sealed class ReplyBeforePersistKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "replies-before-persisting";

    /// <inheritdoc/>
    public override string Description => "the server replies before it persists: a crash right after the reply loses an acknowledged write";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(Node node, Persister persister) => new Server(node, persister);

    private sealed class Server(Node node, Persister persister) : SimpleKvServer(node, persister)
    {
        protected override void Persist() => Node.Go(async () =>
        {
            await Node.Simulation.Delay(TimeSpan.FromMilliseconds(5));
            base.Persist();
        });
    }
}
