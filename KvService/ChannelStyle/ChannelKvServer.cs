using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using KvService.Contract;
using LabRpc;

namespace KvService.ChannelStyle;

/// <summary>
/// The server of <see cref="ChannelKv"/>, in the goroutine-and-channel style: each handler puts its request on a channel
/// and awaits the answer; one applier task, started on the server's node when the server is made, takes the requests
/// one at a time, in the order they arrived, and is the only code that touches the state. So there is no lock: the
/// applier is the state's owner.
/// <list type="bullet">
/// <item>At most once: per client, the latest Put or Append's sequence number and, for an Append, the old value it
/// returned. A request at or below it is not executed again; a retry of the latest gets the remembered answer. The
/// check is made by the applier when it takes the request, so a copy that arrives while the original waits in the
/// channel is answered as a retry once the original has run.</item>
/// <item>Persistence: each Put or Append is appended to a log record, a line of JSON, before it is executed and
/// answered. When the log is much longer than the state, the state is saved as a snapshot and the log emptied. A new
/// server loads the snapshot and executes the log's requests again through the duplicate table, which skips those
/// the snapshot holds (a crash between the two writes of a compaction loses and repeats nothing).</item>
/// <item>A crash kills the applier and the waiting handlers with the node; a new server starts a new applier.</item>
/// </list>
/// </summary>
public sealed class ChannelKvServer
{
    private const string LogRecord = "log";
    private const string SnapshotRecord = "snapshot";
    private const long MinCompaction = 1 << 20;
    private static readonly PutReply PutDone = new();

    private readonly Persister _persister;
    private readonly Channel<KvRequest> _requests = SimChannel.CreateUnbounded<KvRequest>();
    private readonly Dictionary<string, string> _values = [];
    private readonly Dictionary<long, ClientEntry> _clients = [];
    private long _snapshotBytes;

    /// <summary>A server that starts from what <paramref name="persister"/> holds, with its applier on <paramref name="runtime"/>.</summary>
    public ChannelKvServer(IRuntime runtime, Persister persister)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(persister);
        _persister = persister;
        Recover();
        runtime.Go(ApplyAllAsync, "applier");
    }

    /// <summary>The value of a key, "" if it has none.</summary>
    public async Task<GetReply> Get(GetArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new GetReply(await Submit(new KvRequest(KvRequest.Get, args.Key, "", args.ClientId, args.Seq)));
    }

    /// <summary>Sets a key's value, once per (client, sequence number).</summary>
    public async Task<PutReply> Put(PutArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        await Submit(new KvRequest(KvRequest.Put, args.Key, args.Value, args.ClientId, args.Seq));
        return PutDone;
    }

    /// <summary>Appends to a key's value and returns the value before, once per (client, sequence number).</summary>
    public async Task<AppendReply> Append(AppendArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return new AppendReply(await Submit(new KvRequest(KvRequest.Append, args.Key, args.Value, args.ClientId, args.Seq)));
    }

    /// <summary>Hands the request to the applier and waits for its answer.</summary>
    private Task<string> Submit(KvRequest request)
    {
        if (!_requests.Writer.TryWrite(request)) throw new InvalidOperationException("The applier's channel is closed.");
        return request.Reply.Task;
    }

    /// <summary>The applier: takes the requests one at a time and answers each. (A <c>WaitToReadAsync</c> loop rather than
    /// <c>await foreach</c>, whose enumerator would keep the last request, a value perhaps megabytes long, until the next.)</summary>
    private async Task ApplyAllAsync()
    {
        var reader = _requests.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var request)) request.Reply.SetResult(Apply(request));
        }
    }

    private string Apply(KvRequest request)
    {
        if (request.Op == KvRequest.Get) return _values.GetValueOrDefault(request.Key, "");
        if (_clients.TryGetValue(request.ClientId, out var last) && request.Seq <= last.Seq)
            return request.Seq == last.Seq ? last.OldValue ?? "" : ""; // a retry; an older request's sender has had its answer
        var entry = new ChannelLogEntry(request.Op, request.ClientId, request.Seq, request.Key, request.Value);
        _persister.Append(LogRecord, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry) + "\n"));
        string old = Execute(entry);
        if (_persister.Length(LogRecord) > 2 * _snapshotBytes + MinCompaction) Compact();
        return request.Op == KvRequest.Append ? old : "";
    }

    private string Execute(ChannelLogEntry entry)
    {
        string old = _values.GetValueOrDefault(entry.Key, "");
        bool append = entry.Op == KvRequest.Append;
        _values[entry.Key] = append ? old + entry.Value : entry.Value;
        _clients[entry.ClientId] = new ClientEntry(entry.Seq, append ? old : null);
        return old;
    }

    private void Recover()
    {
        if (_persister.Read(SnapshotRecord) is { Length: > 0 } snapshot)
        {
            var state = JsonSerializer.Deserialize<ChannelSnapshot>(snapshot)!;
            foreach (var (key, value) in state.Values) _values[key] = value;
            foreach (var (client, last) in state.Clients) _clients[client] = last;
            _snapshotBytes = snapshot.Length;
        }
        if (_persister.Read(LogRecord) is { Length: > 0 } log)
        {
            foreach (string line in Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var entry = JsonSerializer.Deserialize<ChannelLogEntry>(line)!;
                if (!(_clients.TryGetValue(entry.ClientId, out var last) && entry.Seq <= last.Seq)) Execute(entry);
            }
        }
    }

    private void Compact()
    {
        byte[] snapshot = JsonSerializer.SerializeToUtf8Bytes(new ChannelSnapshot(_values, _clients));
        _persister.Write(SnapshotRecord, snapshot);
        _persister.Write(LogRecord, []);
        _snapshotBytes = snapshot.Length;
    }
}
