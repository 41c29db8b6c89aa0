namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// Bug: the server executes a Put or Append, awaits the disk's flush and only then records the request as done, so a
/// duplicate that arrives during the await is executed again.
/// </summary>
public sealed class AwaitBeforeRecordKv : AsyncKv
{
    /// <inheritdoc/>
    public override string Name => "await-before-record";

    /// <inheritdoc/>
    public override string Description =>
        "awaits the disk between executing a request and recording it: a duplicate arriving meanwhile executes again";

    /// <inheritdoc/>
    protected override AsyncKvServer CreateAsyncServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : AsyncKvServer(runtime, persister)
    {
        protected override async Task RecordAndSave(long clientId, long seq, string reply)
        {
            await Flush(); // the bug: executed, but not in the duplicate table until the flush is over
            Done[clientId] = new SimpleKvServer.Entry(seq, reply);
            Persister.SaveState(System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(Snapshot()));
        }
    }
}
