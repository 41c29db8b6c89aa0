using System.Text;
using System.Text.Json;
using KvService.Contract;

namespace LabRpc.Tests.Kv.Plain;

/// <summary>
/// The server of <see cref="PlainKv"/>. Values are strings; per client it remembers the latest Put or Append (sequence
/// number, and an Append's old value for the retry's reply). Each Put or Append is appended to a log record as a line of
/// JSON before the reply leaves; when the log is much longer than the state, the state is saved as a JSON snapshot and
/// the log emptied. A new server loads the snapshot and executes the log's requests again through the duplicate table,
/// which skips those the snapshot already holds (so a crash between the two writes of a compaction loses and repeats
/// nothing).
/// </summary>
public sealed class PlainKvServer
{
    private const string LogRecord = "log";
    private const string SnapshotRecord = "snapshot";
    private const long MinCompaction = 1 << 20;

    private readonly Persister _persister;
    private readonly Dictionary<string, string> _values = [];
    private readonly Dictionary<long, LastRequest> _clients = [];
    private long _snapshotBytes;

    /// <summary>A server that starts from what <paramref name="persister"/> holds.</summary>
    public PlainKvServer(Persister persister)
    {
        _persister = persister;
        if (persister.Read(SnapshotRecord) is { Length: > 0 } snapshot)
        {
            var state = JsonSerializer.Deserialize<PlainSnapshot>(snapshot)!;
            foreach (var (key, value) in state.Values) _values[key] = value;
            foreach (var (client, last) in state.Clients) _clients[client] = last;
            _snapshotBytes = snapshot.Length;
        }
        if (persister.Read(LogRecord) is { Length: > 0 } log)
        {
            foreach (string line in Encoding.UTF8.GetString(log).Split('\n', StringSplitOptions.RemoveEmptyEntries))
            {
                var entry = JsonSerializer.Deserialize<PlainLogEntry>(line)!;
                if (!IsOld(entry.ClientId, entry.Seq)) Execute(entry);
            }
        }
    }

    /// <summary>The value of a key, "" if it has none.</summary>
    public GetReply Get(GetArgs args) => new(_values.GetValueOrDefault(args.Key, ""));

    /// <summary>Sets a key's value, once per (client, sequence number).</summary>
    public PutReply Put(PutArgs args)
    {
        if (!IsOld(args.ClientId, args.Seq)) Log(new PlainLogEntry(PlainLogEntry.Put, args.ClientId, args.Seq, args.Key, args.Value));
        return new PutReply();
    }

    /// <summary>Appends to a key's value and returns the value before, once per (client, sequence number).</summary>
    public AppendReply Append(AppendArgs args)
    {
        if (_clients.TryGetValue(args.ClientId, out var last) && args.Seq <= last.Seq)
            return new AppendReply(args.Seq == last.Seq ? last.OldValue ?? "" : ""); // a retry; an older request's sender has its answer
        return new AppendReply(Log(new PlainLogEntry(PlainLogEntry.Append, args.ClientId, args.Seq, args.Key, args.Value)));
    }

    private bool IsOld(long client, long seq) => _clients.TryGetValue(client, out var last) && seq <= last.Seq;

    /// <summary>Saves the request, then executes it; returns the old value.</summary>
    private string Log(PlainLogEntry entry)
    {
        _persister.Append(LogRecord, Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry) + "\n"));
        string old = Execute(entry);
        if (_persister.Length(LogRecord) > 2 * _snapshotBytes + MinCompaction) Compact();
        return old;
    }

    private string Execute(PlainLogEntry entry)
    {
        string old = _values.GetValueOrDefault(entry.Key, "");
        bool append = entry.Op == PlainLogEntry.Append;
        _values[entry.Key] = append ? old + entry.Value : entry.Value;
        _clients[entry.ClientId] = new LastRequest(entry.Seq, append ? old : null);
        return old;
    }

    private void Compact()
    {
        byte[] snapshot = JsonSerializer.SerializeToUtf8Bytes(new PlainSnapshot(_values, _clients));
        _persister.Write(SnapshotRecord, snapshot);
        _persister.Write(LogRecord, []);
        _snapshotBytes = snapshot.Length;
    }
}
