using System.Buffers.Binary;
using System.Globalization;
using LabRpc;

namespace KvService.Reference;

/// <summary>
/// The reference server's persisted layout, designed so that persisting a Put or an Append costs the
/// bytes that changed, however large the store:
/// <list type="bullet">
/// <item>one record per key, <c>v{generation}:{key}</c>: a Put rewrites the key's record (the value's
/// bytes), an Append appends its bytes to it;</item>
/// <item>a log of the duplicate table, <c>dups</c>: each Put or Append appends one small entry (client,
/// sequence number, and for an Append the generation and length of the old value it returned). When the
/// log holds more than twice as many entries as there are clients it is rewritten with one entry per
/// client, so it stays proportional to the number of clients and costs O(1) bytes per operation, amortized.</item>
/// </list>
/// When a Put replaces a value that a client's remembered Append reply still points into, the old record
/// is kept and the key gets a new generation; the old one goes when the last such client moves on.
/// Each request logs its entry before it writes its value, and recovery checks the last entry against the value
/// records: a request cut by a crash between its two writes did not happen (its retry executes it), and no
/// acknowledged request is lost. Recovery reads the records back.
/// </summary>
internal sealed class KvStorage(Persister persister)
{
    private const string LogName = "dups";
    private const byte NoValue = 1;     // client, seq: a Put, or an Append whose old value was ""
    private const byte WithValue = 2;   // client, seq, generation, old length: an Append
    private const int EntrySize = 1 + 8 + 8 + 8 + 4;
    private const byte PutDone = 3;     // client, seq, generation, length, fingerprint: a Put, as logged before its value
    private const byte AppendDone = 4;  // client, seq, generation, old length, new length: an Append, likewise
    private const int PutEntrySize = 1 + 8 + 8 + 8 + 4 + 8;
    private const int AppendEntrySize = 1 + 8 + 8 + 8 + 4 + 4;

    private readonly Dictionary<long, int> _references = [];   // generation -> clients whose reply points into it
    private readonly Dictionary<long, string> _retired = [];   // replaced generations kept for such replies
    private Dictionary<long, KvServer.ClientState> _clients = [];
    private long _nextGeneration = 1;
    private long _logEntries;

    /// <summary>The persister written to.</summary>
    public Persister Persister { get; } = persister;

    /// <summary>Replaced generations still kept for a remembered reply (for tests).</summary>
    public int RetiredCount => _retired.Count;

    /// <summary>Entries in the duplicate-table log (for tests).</summary>
    public long LogEntries => _logEntries;

    /// <summary>Reads back the key values and the duplicate table.</summary>
    public (Dictionary<string, KvServer.KeyState> Values, Dictionary<long, KvServer.ClientState> Clients) Recover()
    {
        var values = new Dictionary<string, KvServer.KeyState>(StringComparer.Ordinal);
        var byGeneration = new Dictionary<long, (string Name, Utf8Value Value)>();
        foreach (string name in Persister.Keys.ToList())
        {
            if (!TryParseValueName(name, out long generation, out string key)) continue;
            var value = Utf8Value.FromUtf8(Persister.Read(name)!);
            byGeneration[generation] = (name, value);
            _nextGeneration = Math.Max(_nextGeneration, generation + 1);
            if (!values.TryGetValue(key, out var current) || current.Generation < generation)
                values[key] = new KvServer.KeyState(value, generation);
        }
        foreach (var (generation, (name, _)) in byGeneration)
        {
            if (values[ParseKey(name)].Generation != generation) _retired[generation] = name;
        }

        _clients = [];
        var log = Persister.Read(LogName) ?? [];
        int last = -1;
        bool lastKnown = false;
        var beforeLast = default(KvServer.ClientState);
        for (int at = 0; at < log.Length;)
        {
            byte kind = log[at];
            long client = BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 1));
            long seq = BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 9));
            (last, lastKnown) = (at, _clients.TryGetValue(client, out beforeLast));
            long generation = kind == NoValue ? 0 : BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 17));
            int oldLength = kind is WithValue or AppendDone ? BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(at + 25)) : 0;
            _clients[client] = oldLength > 0 ? new KvServer.ClientState(seq, null, generation, oldLength) : new KvServer.ClientState(seq, null, 0, 0);
            at += kind switch { NoValue => 17, WithValue => EntrySize, PutDone => PutEntrySize, _ => AppendEntrySize };
            _logEntries++;
        }
        // The last entry may have been logged by a request that crashed before its value was written: then the request
        // did not happen. Drop the entry (its client's earlier state stands) so that the client's retry executes it.
        if (last >= 0 && !Happened(log.AsSpan(last), byGeneration))
        {
            long client = BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(last + 1));
            if (lastKnown) _clients[client] = beforeLast;
            else _clients.Remove(client);
            Persister.Write(LogName, log.AsSpan(0, last));
            _logEntries--;
        }
        // Only each client's last entry counts: now resolve its reply, sharing the recovered value's bytes.
        foreach (var (client, state) in _clients.ToList())
        {
            if (state.Generation == 0) continue;
            Retain(state.Generation);
            _clients[client] = state with { OldValue = byGeneration[state.Generation].Value.Prefix(state.OldLength) };
        }
        foreach (var generation in _retired.Keys.ToList())
            if (!_references.ContainsKey(generation)) Remove(generation);
        return (values, _clients);
    }

    /// <summary>The generation a Put will write, replacing generation <paramref name="replaced"/>
    /// (0: none): the same one if no remembered reply points into it, else a new one.</summary>
    public long PlanPut(long replaced) => replaced != 0 && !_references.ContainsKey(replaced) ? replaced : _nextGeneration++;

    /// <summary>The generation an Append to a key at <paramref name="generation"/> (0: no record yet) will write.</summary>
    public long PlanAppend(long generation) => generation != 0 ? generation : _nextGeneration++;

    /// <summary>
    /// Persists a Put: first its log entry (client, sequence number, generation, and the length and hash of the value,
    /// so that recovery can tell whether the value was written), then the value, then the clean-up.
    /// </summary>
    public void Put(long client, long seq, string key, long replaced, long generation, Utf8Value value, long released)
    {
        ReadOnlySpan<byte> bytes = value.ChunkCount <= 1 ? value.Tail(value.Length) : value.ToArray();
        Span<byte> entry = stackalloc byte[PutEntrySize];
        WriteHead(entry, PutDone, client, seq);
        BinaryPrimitives.WriteInt64LittleEndian(entry[17..], generation);
        BinaryPrimitives.WriteInt32LittleEndian(entry[25..], bytes.Length);
        BinaryPrimitives.WriteUInt64LittleEndian(entry[29..], Fingerprint(bytes));
        Log(entry);
        Persister.Write(Name(generation, key), bytes);
        if (replaced != 0 && replaced != generation)
        {
            if (_references.ContainsKey(replaced)) _retired[replaced] = Name(replaced, key);
            else Persister.Remove(Name(replaced, key));
        }
        Release(released);
        CompactIfLong();
    }

    /// <summary>
    /// Persists an Append: first its log entry (client, sequence number, generation, old and new length, so that recovery
    /// can tell whether the bytes were appended), then the bytes (a new record if <paramref name="fresh"/>), then the clean-up.
    /// </summary>
    public void Append(long client, long seq, string key, long generation, bool fresh, ReadOnlySpan<byte> bytes, int oldLength, long released)
    {
        Span<byte> entry = stackalloc byte[AppendEntrySize];
        WriteHead(entry, AppendDone, client, seq);
        BinaryPrimitives.WriteInt64LittleEndian(entry[17..], generation);
        BinaryPrimitives.WriteInt32LittleEndian(entry[25..], oldLength);
        BinaryPrimitives.WriteInt32LittleEndian(entry[29..], oldLength + bytes.Length);
        Log(entry);
        if (fresh) Persister.Write(Name(generation, key), bytes);
        else Persister.Append(Name(generation, key), bytes);
        if (oldLength > 0) Retain(generation);
        Release(released);
        CompactIfLong();
    }

    private void Log(ReadOnlySpan<byte> entry)
    {
        Persister.Append(LogName, entry);
        _logEntries++;
    }

    private void CompactIfLong()
    {
        if (_logEntries > 2 * (long)_clients.Count + 1024) Compact();
    }

    private void Compact()
    {
        var log = new byte[_clients.Count * EntrySize];
        int at = 0;
        foreach (var (client, state) in _clients)
        {
            var entry = log.AsSpan(at);
            if (state.Generation == 0)
            {
                WriteHead(entry, NoValue, client, state.Seq);
                at += 17;
            }
            else
            {
                WriteHead(entry, WithValue, client, state.Seq);
                BinaryPrimitives.WriteInt64LittleEndian(entry[17..], state.Generation);
                BinaryPrimitives.WriteInt32LittleEndian(entry[25..], state.OldLength);
                at += EntrySize;
            }
        }
        Persister.Write(LogName, log.AsSpan(0, at));
        _logEntries = _clients.Count;
    }

    private void Retain(long generation) =>
        _references[generation] = _references.GetValueOrDefault(generation) + 1;

    private void Release(long generation)
    {
        if (generation == 0) return;
        int left = _references[generation] - 1;
        if (left > 0)
        {
            _references[generation] = left;
            return;
        }
        _references.Remove(generation);
        if (_retired.ContainsKey(generation)) Remove(generation);
    }

    private void Remove(long generation)
    {
        Persister.Remove(_retired[generation]);
        _retired.Remove(generation);
    }

    /// <summary>Whether the request a log entry stands for reached the disk: always for a compacted entry; for a Put, if
    /// its generation holds the value it logged; for an Append, if its generation has the length it logged.</summary>
    private bool Happened(ReadOnlySpan<byte> entry, Dictionary<long, (string Name, Utf8Value Value)> byGeneration)
    {
        byte kind = entry[0];
        if (kind is NoValue or WithValue) return true;
        long generation = BinaryPrimitives.ReadInt64LittleEndian(entry[17..]);
        if (!byGeneration.TryGetValue(generation, out var record)) return false;
        if (kind == AppendDone) return record.Value.Length == BinaryPrimitives.ReadInt32LittleEndian(entry[29..]);
        var bytes = Persister.Read(record.Name)!;
        return bytes.Length == BinaryPrimitives.ReadInt32LittleEndian(entry[25..])
            && Fingerprint(bytes) == BinaryPrimitives.ReadUInt64LittleEndian(entry[29..]);
    }

    /// <summary>FNV-1a, 64 bits: tells a written value from the one it replaced.</summary>
    private static ulong Fingerprint(ReadOnlySpan<byte> bytes)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in bytes) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    private static void WriteHead(Span<byte> entry, byte kind, long client, long seq)
    {
        entry[0] = kind;
        BinaryPrimitives.WriteInt64LittleEndian(entry[1..], client);
        BinaryPrimitives.WriteInt64LittleEndian(entry[9..], seq);
    }

    private static string Name(long generation, string key) => string.Concat("v", generation.ToString(CultureInfo.InvariantCulture), ":", key);

    private static bool TryParseValueName(string name, out long generation, out string key)
    {
        generation = 0;
        key = "";
        int colon = name.IndexOf(':');
        if (name.Length < 3 || name[0] != 'v' || colon < 2) return false;
        if (!long.TryParse(name.AsSpan(1, colon - 1), NumberStyles.None, CultureInfo.InvariantCulture, out generation)) return false;
        key = name[(colon + 1)..];
        return true;
    }

    private static string ParseKey(string name) => name[(name.IndexOf(':') + 1)..];
}
