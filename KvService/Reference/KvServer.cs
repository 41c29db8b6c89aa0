using System.Runtime.InteropServices;
using KvService.Contract;
using LabRpc;

namespace KvService.Reference;

/// <summary>
/// The reference KV server. It executes each Put and Append at most once: a retry of a client's latest
/// request is answered with the remembered result. Per client it remembers the latest sequence number
/// and, for an Append, the old value it returned (which shares storage with the key's value), and
/// nothing once the client has moved on; Gets are not remembered. Every Put and Append is persisted
/// before the reply leaves, at a cost of the bytes that changed (see <see cref="KvStorage"/>), and a
/// server made from the same persister after a crash carries on where the last one stopped.
/// </summary>
/// <remarks>Handlers run on the server's node, one at a time; registered as service <c>"KvServer"</c>.</remarks>
public sealed class KvServer
{
    private static readonly PutReply PutDone = new();

    private readonly KvStorage _storage;
    private readonly Dictionary<string, KeyState> _values;
    private readonly Dictionary<long, ClientState> _clients;

    /// <summary>A server that starts from what <paramref name="persister"/> holds (nothing, on a first start).</summary>
    public KvServer(Persister persister)
    {
        ArgumentNullException.ThrowIfNull(persister);
        _storage = new KvStorage(persister);
        (_values, _clients) = _storage.Recover();
    }

    /// <summary>The name of the service the clerk calls.</summary>
    public const string ServiceName = "KvServer";

    /// <summary>Number of clients whose latest request the server remembers.</summary>
    internal int ClientCount => _clients.Count;

    /// <summary>Number of keys held.</summary>
    internal int KeyCount => _values.Count;

    /// <summary>The persisted layout (for measurements).</summary>
    internal KvStorage Storage => _storage;

    /// <summary>The value of a key, "" if it has none. Not remembered: a retry simply reads again. (The reply is the
    /// contract's <see cref="GetReply"/> on the wire; see <see cref="Utf8GetReply"/>.)</summary>
    public Utf8GetReply Get(GetArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        // A client that asks something new no longer needs the reply of its earlier Append: let it go.
        ref var client = ref CollectionsMarshal.GetValueRefOrNullRef(_clients, args.ClientId);
        if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref client) && args.Seq > client.Seq) client.OldValue = null;
        return _values.TryGetValue(args.Key, out var state) && state.Value.Length > 0 ? new Utf8GetReply(state.Value) : Utf8GetReply.Empty;
    }

    /// <summary>Replaces a key's value, once per (client, sequence number).</summary>
    public PutReply Put(PutArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        ref var client = ref CollectionsMarshal.GetValueRefOrAddDefault(_clients, args.ClientId, out bool known);
        if (known && args.Seq <= client.Seq) return PutDone; // a retry, or a stale copy nobody waits for
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, args.Key, out _);
        var value = Utf8Value.Of(args.Value);
        long replaced = state.Generation, generation = _storage.PlanPut(replaced);
        state = new KeyState(value, generation);
        long released = client.Generation;
        client = new ClientState(args.Seq, null, 0, 0);
        _storage.Put(args.ClientId, args.Seq, args.Key, replaced, generation, value, released);
        return PutDone;
    }

    /// <summary>Appends to a key's value and returns the value before, once per (client, sequence number). (The reply is
    /// the contract's <see cref="AppendReply"/> on the wire; see <see cref="Utf8AppendReply"/>.)</summary>
    public Utf8AppendReply Append(AppendArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        ref var client = ref CollectionsMarshal.GetValueRefOrAddDefault(_clients, args.ClientId, out bool known);
        if (known && args.Seq == client.Seq) return client.OldValue is { Length: > 0 } old ? new Utf8AppendReply(old) : Utf8AppendReply.Empty;
        if (known && args.Seq < client.Seq) return Utf8AppendReply.Empty; // a stale copy: its sender has had its answer
        ref var state = ref CollectionsMarshal.GetValueRefOrAddDefault(_values, args.Key, out bool exists);
        var before = exists ? state.Value : Utf8Value.Empty;
        var after = before.Append(args.Value, out int appended);
        long current = exists ? state.Generation : 0, generation = _storage.PlanAppend(current);
        state = new KeyState(after, generation);
        long released = client.Generation;
        client = before.Length == 0 ? new ClientState(args.Seq, null, 0, 0) : new ClientState(args.Seq, before, generation, before.Length);
        _storage.Append(args.ClientId, args.Seq, args.Key, generation, fresh: current == 0, after.Tail(appended), before.Length, released);
        return before.Length == 0 ? Utf8AppendReply.Empty : new Utf8AppendReply(before);
    }

    /// <summary>A key's current value and the generation of the record that holds it.</summary>
    internal readonly record struct KeyState(Utf8Value Value, long Generation);

    /// <summary>
    /// What the server remembers of a client: its latest Put or Append, and for an Append the old value
    /// (null once the client has moved on) and where that value is persisted (record generation, length).
    /// </summary>
    internal record struct ClientState(long Seq, Utf8Value? OldValue, long Generation, int OldLength);
}
