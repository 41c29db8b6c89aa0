using System.Text.Json;
using KvService.Contract;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// The server of <see cref="SimpleKv"/>: values and, per client, the last Put or Append's sequence number and reply,
/// all saved to the persister (as one JSON state) before each reply leaves. Hooks let a subclass break one thing.
/// </summary>
public class SimpleKvServer
{
    /// <summary>Loads what <paramref name="persister"/> holds.</summary>
    public SimpleKvServer(IRuntime runtime, Persister persister)
    {
        Runtime = runtime;
        Persister = persister;
        var saved = persister.ReadState();
        var state = saved.Length == 0 ? new SavedState() : JsonSerializer.Deserialize<SavedState>(saved)!;
        Values = state.Values;
        Done = Restore(state.Done);
    }

    /// <summary>The node the server runs on (its runtime).</summary>
    protected IRuntime Runtime { get; }

    /// <summary>Its stable storage.</summary>
    protected Persister Persister { get; }

    /// <summary>The key/value store.</summary>
    protected Dictionary<string, string> Values { get; }

    /// <summary>The duplicate table: per key (normally the client id), the latest sequence number and its reply.</summary>
    protected Dictionary<long, Entry> Done { get; }

    /// <summary>Get handler.</summary>
    public GetReply Get(GetArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Duplicate(args.ClientId, args.Seq, isGet: true) is { } earlier) return new GetReply(earlier);
        var value = Values.GetValueOrDefault(args.Key, "");
        Remember(args.ClientId, args.Seq, value, isGet: true);
        return new GetReply(value);
    }

    /// <summary>Put handler.</summary>
    public PutReply Put(PutArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Duplicate(args.ClientId, args.Seq, isGet: false) is not null) return new PutReply();
        Values[args.Key] = args.Value;
        Remember(args.ClientId, args.Seq, "", isGet: false);
        Persist();
        return new PutReply();
    }

    /// <summary>Append handler.</summary>
    public AppendReply Append(AppendArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (Duplicate(args.ClientId, args.Seq, isGet: false) is { } earlier) return new AppendReply(earlier);
        var old = Values.GetValueOrDefault(args.Key, "");
        Values[args.Key] = old + args.Value;
        Remember(args.ClientId, args.Seq, old, isGet: false);
        Persist();
        return new AppendReply(old);
    }

    /// <summary>The remembered reply if this request was executed already, else null. Gets are never remembered.</summary>
    protected virtual string? Duplicate(long clientId, long seq, bool isGet) =>
        !isGet && Done.TryGetValue(clientId, out var entry) && seq <= entry.Seq ? (seq == entry.Seq ? entry.Reply : "") : null;

    /// <summary>Remembers a client's latest Put or Append and its reply.</summary>
    protected virtual void Remember(long clientId, long seq, string reply, bool isGet)
    {
        if (!isGet) Done[clientId] = new Entry(seq, reply);
    }

    /// <summary>Saves the state before the reply leaves.</summary>
    protected virtual void Persist() => Persister.SaveState(JsonSerializer.SerializeToUtf8Bytes(Snapshot(includeDuplicates: true)));

    /// <summary>The state to save.</summary>
    protected SavedState Snapshot(bool includeDuplicates) => new()
    {
        Values = new Dictionary<string, string>(Values),
        Done = includeDuplicates ? Done.ToDictionary(kv => kv.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value) : [],
    };

    private static Dictionary<long, Entry> Restore(Dictionary<string, Entry> saved) =>
        saved.ToDictionary(kv => long.Parse(kv.Key, System.Globalization.CultureInfo.InvariantCulture), kv => kv.Value);

    /// <summary>One duplicate-table entry.</summary>
    public sealed record Entry(long Seq, string Reply);

    /// <summary>What the persister holds.</summary>
    public sealed class SavedState
    {
        /// <summary>The values.</summary>
        public Dictionary<string, string> Values { get; set; } = [];

        /// <summary>The duplicate table, keyed by client id as text.</summary>
        public Dictionary<string, Entry> Done { get; set; } = [];
    }
}
