namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: the server replies first and persists 5 ms later, so a crash in between loses acknowledged writes.</summary>
public sealed class ReplyBeforePersistKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "replies-before-persisting";

    /// <inheritdoc/>
    public override string Description => "the server replies before it persists: a crash right after the reply loses an acknowledged write";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override void Persist() => Runtime.Go(async () =>
        {
            await Runtime.Delay(TimeSpan.FromMilliseconds(5));
            base.Persist();
        });
    }
}
