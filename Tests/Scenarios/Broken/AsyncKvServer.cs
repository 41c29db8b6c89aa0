using System.Globalization;
using System.Text.Json;
using KvService.Contract;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// The server of <see cref="AsyncKv"/>: as <see cref="SimpleKvServer"/>, but Put and Append are async. Each executes,
/// records itself in the duplicate table, saves the whole state in one write, then awaits the disk's flush
/// (<see cref="FlushTime"/> of virtual time) before it replies. A duplicate that arrives during the flush finds the
/// request recorded and gets its reply. Hooks let a subclass break one thing.
/// </summary>
public class AsyncKvServer
{
    /// <summary>How long the disk takes to flush a write (virtual time).</summary>
    public static readonly TimeSpan FlushTime = TimeSpan.FromMilliseconds(1);

    /// <summary>Loads what <paramref name="persister"/> holds (one state, as <see cref="SimpleKvServer"/> saves it).</summary>
    public AsyncKvServer(IRuntime runtime, Persister persister)
        : this(runtime, persister, Deserialize(persister?.ReadState() ?? throw new ArgumentNullException(nameof(persister))))
    {
    }

    /// <summary>Starts from <paramref name="state"/>, which a subclass read from <paramref name="persister"/> its own way.</summary>
    protected AsyncKvServer(IRuntime runtime, Persister persister, SimpleKvServer.SavedState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        Runtime = runtime;
        Persister = persister;
        Values = state.Values;
        Done = state.Done.ToDictionary(kv => long.Parse(kv.Key, CultureInfo.InvariantCulture), kv => kv.Value);
    }

    /// <summary>The node the server runs on (its runtime).</summary>
    protected IRuntime Runtime { get; }

    /// <summary>Its stable storage.</summary>
    protected Persister Persister { get; }

    /// <summary>The key/value store.</summary>
    protected Dictionary<string, string> Values { get; }

    /// <summary>The duplicate table: per client, the latest Put or Append's sequence number and reply.</summary>
    protected Dictionary<long, SimpleKvServer.Entry> Done { get; }

    /// <summary>Get handler (Gets are not remembered).</summary>
    public Task<GetReply> Get(GetArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return Task.FromResult(new GetReply(Values.GetValueOrDefault(args.Key, "")));
    }

    /// <summary>Put handler.</summary>
    public async Task<PutReply> Put(PutArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Duplicate(args.ClientId, args.Seq) is not null) return new PutReply();
        Values[args.Key] = args.Value;
        await RecordAndSave(args.ClientId, args.Seq, "");
        return new PutReply();
    }

    /// <summary>Append handler.</summary>
    public async Task<AppendReply> Append(AppendArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Duplicate(args.ClientId, args.Seq) is { } earlier) return new AppendReply(earlier);
        var old = Values.GetValueOrDefault(args.Key, "");
        Values[args.Key] = old + args.Value;
        await RecordAndSave(args.ClientId, args.Seq, old);
        return new AppendReply(old);
    }

    /// <summary>The remembered reply if this Put or Append was executed already, else null.</summary>
    protected string? Duplicate(long clientId, long seq) =>
        Done.TryGetValue(clientId, out var entry) && seq <= entry.Seq ? (seq == entry.Seq ? entry.Reply : "") : null;

    /// <summary>After a Put or Append executed: records it as done, saves the state and waits for the flush.</summary>
    protected virtual async Task RecordAndSave(long clientId, long seq, string reply)
    {
        Done[clientId] = new SimpleKvServer.Entry(seq, reply);
        Persister.SaveState(JsonSerializer.SerializeToUtf8Bytes(Snapshot()));
        await Flush();
    }

    /// <summary>Waits for the disk to flush.</summary>
    protected Task Flush() => Runtime.Delay(FlushTime);

    /// <summary>The state to save.</summary>
    protected SimpleKvServer.SavedState Snapshot() => new()
    {
        Values = new Dictionary<string, string>(Values),
        Done = DoneAsText(),
    };

    /// <summary>The duplicate table keyed by client id as text, as <see cref="SimpleKvServer.SavedState"/> keeps it.</summary>
    protected Dictionary<string, SimpleKvServer.Entry> DoneAsText() =>
        Done.ToDictionary(kv => kv.Key.ToString(CultureInfo.InvariantCulture), kv => kv.Value);

    private static SimpleKvServer.SavedState Deserialize(byte[] saved) =>
        saved.Length == 0 ? new SimpleKvServer.SavedState() : JsonSerializer.Deserialize<SimpleKvServer.SavedState>(saved)!;
}
