namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: duplicates are keyed by sequence number alone, so one client's request is taken for another's.</summary>
public sealed class SequenceOnlyDuplicatesKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "duplicates-keyed-by-sequence-only";

    /// <inheritdoc/>
    public override string Description => "duplicates keyed by sequence number alone: one client's request is taken for another's retry";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        // The table is keyed by the sequence number: another client's request with a number already seen is a "retry".
        protected override string? Duplicate(long clientId, long seq, bool isGet) =>
            !isGet && Done.TryGetValue(seq, out var entry) ? entry.Reply : null;

        protected override void Remember(long clientId, long seq, string reply, bool isGet)
        {
            if (!isGet) Done[seq] = new Entry(seq, reply);
        }
    }
}
