using System.Globalization;
using System.Text.Json;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// Bug: the server saves each Put or Append in two persister writes, the values first and then the duplicate-table entry,
/// with nothing awaited between them. A crash just after the first write keeps the new value without the entry that says
/// the request was done, so the clerk's retry executes it again: an Append's token lands twice. Only a crash at that one
/// instant shows it.
/// </summary>
public sealed class ValuesThenEntryPersistKv : SimpleKv
{
    private const string ValuesRecord = "values", DoneRecord = "done";

    /// <inheritdoc/>
    public override string Name => "values-then-entry-persist";

    /// <inheritdoc/>
    public override string Description =>
        "persists the values and then the duplicate-table entry in two writes: a crash between them makes the retry execute again";

    /// <inheritdoc/>
    protected override SimpleKvServer CreateKvServer(IRuntime runtime, Persister persister) => new Server(runtime, Load(persister));

    /// <summary>A persister whose single state <see cref="SimpleKvServer"/> reads is rebuilt from the two records.</summary>
    private static Persister Load(Persister persister)
    {
        if (persister.Read(ValuesRecord) is null && persister.Read(DoneRecord) is null) return persister;
        var state = new SimpleKvServer.SavedState
        {
            Values = Read<Dictionary<string, string>>(persister, ValuesRecord) ?? [],
            Done = Read<Dictionary<string, SimpleKvServer.Entry>>(persister, DoneRecord) ?? [],
        };
        // The base constructor reads the one state record: write it where it looks, as these records say.
        persister.SaveState(JsonSerializer.SerializeToUtf8Bytes(state));
        return persister;
    }

    private static T? Read<T>(Persister persister, string record) where T : class =>
        persister.Read(record) is { } bytes ? JsonSerializer.Deserialize<T>(bytes) : null;

    private sealed class Server(IRuntime runtime, Persister persister) : SimpleKvServer(runtime, persister)
    {
        protected override void Persist()
        {
            Persister.Write(ValuesRecord, JsonSerializer.SerializeToUtf8Bytes(Values));
            // The bug: a crash here keeps the values without the entry that says this request was done.
            Persister.Write(DoneRecord, JsonSerializer.SerializeToUtf8Bytes(Done.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value)));
        }
    }
}
