namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: the server's duplicate table remembers only Gets, so a resent Put or Append is executed again.</summary>
public sealed class RemembersOnlyGetsKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "remembers-only-gets";

    /// <inheritdoc/>
    public override string Description => "the duplicate table remembers only Gets: a resent Put or Append is executed again";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override string? Duplicate(long clientId, long seq, bool isGet) =>
            isGet && Done.TryGetValue(clientId, out var entry) && seq == entry.Seq ? entry.Reply : null;

        protected override void Remember(long clientId, long seq, string reply, bool isGet)
        {
            if (isGet) Done[clientId] = new Entry(seq, reply);
        }
    }
}
