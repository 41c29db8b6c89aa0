using System.Text.Json;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// Bug: the server saves each Put or Append in two writes, the duplicate-table entry first and then the values, so a
/// crash between the two (while the disk flushes the first) loses the request although its retry is taken for a
/// duplicate and acknowledged.
/// </summary>
public sealed class TwoStepPersistKv : AsyncKv
{
    /// <inheritdoc/>
    public override string Name => "two-step-persist";

    /// <inheritdoc/>
    public override string Description =>
        "persists the duplicate-table entry and then the values in two writes: a crash between them loses an acknowledged write";

    /// <inheritdoc/>
    protected override AsyncKvServer CreateAsyncServer(IRuntime runtime, Persister persister) => new Server(runtime, persister);

    private sealed class Server(IRuntime runtime, Persister persister) : AsyncKvServer(runtime, persister, Load(persister))
    {
        private const string DoneRecord = "done", ValuesRecord = "values";

        protected override async Task RecordAndSave(long clientId, long seq, string reply)
        {
            Done[clientId] = new SimpleKvServer.Entry(seq, reply);
            Persister.Write(DoneRecord, JsonSerializer.SerializeToUtf8Bytes(DoneAsText()));
            await Flush();
            // The bug: a crash before this write keeps the entry without the values it stands for.
            Persister.Write(ValuesRecord, JsonSerializer.SerializeToUtf8Bytes(Values));
            await Flush();
        }

        private static SimpleKvServer.SavedState Load(Persister persister) => new()
        {
            Done = Read<Dictionary<string, SimpleKvServer.Entry>>(persister, DoneRecord) ?? [],
            Values = Read<Dictionary<string, string>>(persister, ValuesRecord) ?? [],
        };

        private static T? Read<T>(Persister persister, string record) where T : class =>
            persister.Read(record) is { } bytes ? JsonSerializer.Deserialize<T>(bytes) : null;
    }
}
