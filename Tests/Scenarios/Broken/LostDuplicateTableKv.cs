namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: the duplicate table is not persisted, so after a restart a resent request is executed again.</summary>
public sealed class LostDuplicateTableKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "duplicate-table-lost-on-restart";

    /// <inheritdoc/>
    public override string Description => "the duplicate table is not persisted: after a restart a resent request is executed again";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override void Persist() =>
            Persister.SaveState(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Snapshot(includeDuplicates: false)));
    }
}
