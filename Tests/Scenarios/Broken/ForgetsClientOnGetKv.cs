namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// Bug: a Get from a client clears the client's duplicate-table entry (the client has moved on), so a duplicate of an
/// earlier Put or Append of that client that arrives late is executed again.
/// </summary>
public sealed class ForgetsClientOnGetKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "forgets-client-on-get";

    /// <inheritdoc/>
    public override string Description =>
        "forgets a client's duplicate-table entry when a Get of that client arrives: an old duplicate arriving later executes again";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override void Remember(long clientId, long seq, string reply, bool isGet)
        {
            if (isGet) Done.Remove(clientId); // the bug: an older request of this client may still be on its way
            else base.Remember(clientId, seq, reply, isGet);
        }
    }
}
