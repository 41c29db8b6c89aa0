using KvService.Contract;
using LabRpc;

namespace Students.Escapes;

// What the server remembers about a client: its last Put/Append and, for an Append, the old value it
// returned (so a retry gets the same answer). Only one entry per client, so memory stays small.
sealed record LastWrite(long Seq, string? OldValue);

// The server. Every Put/Append is written to a log in the persister BEFORE it is applied and answered,
// so after a crash the new server replays the log and nothing acknowledged is lost. The duplicate table
// is rebuilt from the same log, so a retry after a crash is still recognised. When the log gets big,
// the whole state goes into a snapshot and the log starts again.
public sealed class KvServer
{
    const string LogKey = "log";
    const string SnapshotKey = "snapshot";

    readonly object mu = new();
    readonly Persister persister;
    readonly Dictionary<string, string> data = new();
    readonly Dictionary<long, LastWrite> clients = new();
    long snapshotSize;

    public KvServer(Persister persister)
    {
        this.persister = persister;
        var snapshot = persister.Read(SnapshotKey);
        if (snapshot != null && snapshot.Length > 0)
        {
            LoadSnapshot(snapshot);
            snapshotSize = snapshot.Length;
        }
        var log = persister.Read(LogKey);
        if (log != null)
        {
            var reader = new BinaryReader(new MemoryStream(log));
            while (reader.BaseStream.Position < log.Length)
            {
                var entry = LogEntry.Read(reader);
                if (!IsDuplicate(entry.ClientId, entry.Seq)) Apply(entry);
            }
        }
    }

    // The handlers do their work on a background thread so the server stays responsive.
    // (Task.Run leaves the simulation: the work runs on the thread pool, outside virtual time.)
    public async Task<GetReply> Get(GetArgs args)
    {
        return await Task.Run(() =>
        {
            lock (mu)
            {
                return new GetReply(data.GetValueOrDefault(args.Key, ""));
            }
        });
    }

    public async Task<PutReply> Put(PutArgs args)
    {
        return await Task.Run(() =>
        {
            lock (mu)
            {
                if (!IsDuplicate(args.ClientId, args.Seq))
                    LogAndApply(new LogEntry(false, args.ClientId, args.Seq, args.Key, args.Value));
                return new PutReply();
            }
        });
    }

    public async Task<AppendReply> Append(AppendArgs args)
    {
        return await Task.Run(() =>
        {
            lock (mu)
            {
                if (clients.TryGetValue(args.ClientId, out var last) && args.Seq <= last.Seq)
                    return new AppendReply(args.Seq == last.Seq ? last.OldValue ?? "" : "");
                string old = LogAndApply(new LogEntry(true, args.ClientId, args.Seq, args.Key, args.Value));
                return new AppendReply(old);
            }
        });
    }

    bool IsDuplicate(long clientId, long seq) => clients.TryGetValue(clientId, out var last) && seq <= last.Seq;

    string LogAndApply(LogEntry entry)
    {
        var buffer = new MemoryStream();
        var writer = new BinaryWriter(buffer);
        entry.Write(writer);
        writer.Flush();
        persister.Append(LogKey, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        string old = Apply(entry);
        if (persister.Length(LogKey) > 2 * snapshotSize + (1 << 20)) TakeSnapshot();
        return old;
    }

    string Apply(LogEntry entry)
    {
        string old = data.GetValueOrDefault(entry.Key, "");
        data[entry.Key] = entry.IsAppend ? old + entry.Value : entry.Value;
        clients[entry.ClientId] = new LastWrite(entry.Seq, entry.IsAppend ? old : null);
        return old;
    }

    // Snapshot first, then empty the log. If we crash in between, the replayed log entries are all
    // duplicates of what the snapshot has, and get skipped.
    void TakeSnapshot()
    {
        var buffer = new MemoryStream();
        var writer = new BinaryWriter(buffer);
        writer.Write(data.Count);
        foreach (var (key, value) in data)
        {
            writer.Write(key);
            writer.Write(value);
        }
        writer.Write(clients.Count);
        foreach (var (clientId, last) in clients)
        {
            writer.Write(clientId);
            writer.Write(last.Seq);
            writer.Write(last.OldValue != null);
            if (last.OldValue != null) writer.Write(last.OldValue);
        }
        writer.Flush();
        persister.Write(SnapshotKey, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        persister.Write(LogKey, ReadOnlySpan<byte>.Empty);
        snapshotSize = buffer.Length;
    }

    void LoadSnapshot(byte[] snapshot)
    {
        var reader = new BinaryReader(new MemoryStream(snapshot));
        int keys = reader.ReadInt32();
        for (int i = 0; i < keys; i++)
        {
            string key = reader.ReadString();
            data[key] = reader.ReadString();
        }
        int count = reader.ReadInt32();
        for (int i = 0; i < count; i++)
        {
            long clientId = reader.ReadInt64();
            long seq = reader.ReadInt64();
            string? oldValue = reader.ReadBoolean() ? reader.ReadString() : null;
            clients[clientId] = new LastWrite(seq, oldValue);
        }
    }
}
