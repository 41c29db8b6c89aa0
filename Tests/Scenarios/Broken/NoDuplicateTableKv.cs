namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: no duplicate detection — the server keeps no duplicate table, so a resent Put or Append is executed again.</summary>
public sealed class NoDuplicateTableKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "no-duplicate-table";

    /// <inheritdoc/>
    public override string Description => "no duplicate detection: a resent Put or Append is executed again";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override string? Duplicate(long clientId, long seq, bool isGet) => null;
    }
}
