using KvService.Contract;
using LabRpc;

namespace Students.NoDuplicateDetection;

// The server. Every Put/Append is written to a log in the persister before it is applied, and a new
// server replays the log, so nothing is lost in a crash. When the log gets big the whole store goes
// into a snapshot and the log starts again.
// (No duplicate table: every request that arrives is applied, a retry of one that already ran too.)
public sealed class KvServer
{
    const string LogKey = "log";
    const string SnapshotKey = "snapshot";

    readonly object mu = new();
    readonly Persister persister;
    readonly Dictionary<string, string> data = new();
    long snapshotSize;

    public KvServer(Persister persister)
    {
        this.persister = persister;
        var snapshot = persister.Read(SnapshotKey);
        if (snapshot != null && snapshot.Length > 0)
        {
            var reader = new BinaryReader(new MemoryStream(snapshot));
            int keys = reader.ReadInt32();
            for (int i = 0; i < keys; i++)
            {
                string key = reader.ReadString();
                data[key] = reader.ReadString();
            }
            snapshotSize = snapshot.Length;
        }
        var log = persister.Read(LogKey);
        if (log != null)
        {
            var reader = new BinaryReader(new MemoryStream(log));
            while (reader.BaseStream.Position < log.Length) Apply(LogEntry.Read(reader));
        }
    }

    public GetReply Get(GetArgs args)
    {
        lock (mu)
        {
            return new GetReply(data.GetValueOrDefault(args.Key, ""));
        }
    }

    public PutReply Put(PutArgs args)
    {
        lock (mu)
        {
            LogAndApply(new LogEntry(false, args.ClientId, args.Seq, args.Key, args.Value));
            return new PutReply();
        }
    }

    public AppendReply Append(AppendArgs args)
    {
        lock (mu)
        {
            return new AppendReply(LogAndApply(new LogEntry(true, args.ClientId, args.Seq, args.Key, args.Value)));
        }
    }

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
        return old;
    }

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
        writer.Flush();
        persister.Write(SnapshotKey, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        persister.Write(LogKey, ReadOnlySpan<byte>.Empty);
        snapshotSize = buffer.Length;
    }
}
