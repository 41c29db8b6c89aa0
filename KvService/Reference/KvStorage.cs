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
/// Recovery reads the records back.
/// </summary>
internal sealed class KvStorage(Persister persister)
{
    private const string LogName = "dups";
    private const byte NoValue = 1;     // client, seq: a Put, or an Append whose old value was ""
    private const byte WithValue = 2;   // client, seq, generation, old length: an Append
    private const int EntrySize = 1 + 8 + 8 + 8 + 4;

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
        for (int at = 0; at < log.Length;)
        {
            byte kind = log[at];
            long client = BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 1));
            long seq = BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 9));
            if (kind == WithValue)
            {
                long generation = BinaryPrimitives.ReadInt64LittleEndian(log.AsSpan(at + 17));
                int length = BinaryPrimitives.ReadInt32LittleEndian(log.AsSpan(at + 25));
                _clients[client] = new KvServer.ClientState(seq, null, generation, length);
                at += EntrySize;
            }
            else
            {
                _clients[client] = new KvServer.ClientState(seq, null, 0, 0);
                at += 17;
            }
            _logEntries++;
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

    /// <summary>Writes <paramref name="value"/> as <paramref name="key"/>'s record and returns its generation: the one it
    /// replaces (0 if none), overwritten, unless a remembered reply points into that one, which is then kept.</summary>
    public long ReplaceValue(string key, long replaced, Utf8Value value)
    {
        // A generation no reply points into is simply overwritten; one that a reply needs is kept, and the key moves on.
        long generation = replaced != 0 && !_references.ContainsKey(replaced) ? replaced : _nextGeneration++;
        if (value.ChunkCount <= 1) Persister.Write(Name(generation, key), value.Tail(value.Length));
        else Persister.Write(Name(generation, key), value.ToArray());
        if (replaced != 0 && replaced != generation)
        {
            if (_references.ContainsKey(replaced)) _retired[replaced] = Name(replaced, key);
            else Persister.Remove(Name(replaced, key));
        }
        return generation;
    }

    /// <summary>Appends <paramref name="bytes"/> to the key's record of <paramref name="generation"/> (a new record if 0); returns its generation.</summary>
    public long AppendValue(string key, long generation, ReadOnlySpan<byte> bytes)
    {
        if (generation == 0)
        {
            generation = _nextGeneration++;
            Persister.Write(Name(generation, key), bytes);
        }
        else
        {
            Persister.Append(Name(generation, key), bytes);
        }
        return generation;
    }

    /// <summary>Logs a Put by <paramref name="client"/>: its earlier reply (pointing into <paramref name="released"/>) is
    /// no longer needed.</summary>
    public void RecordPut(long client, long seq, long released)
    {
        Release(released);
        Span<byte> entry = stackalloc byte[17];
        WriteHead(entry, NoValue, client, seq);
        Log(entry);
    }

    /// <summary>Logs an Append by <paramref name="client"/> whose reply is the first <paramref name="oldLength"/> bytes of
    /// <paramref name="generation"/>; its earlier reply (pointing into <paramref name="released"/>) is no longer needed.</summary>
    public void RecordAppend(long client, long seq, long released, long generation, int oldLength)
    {
        Span<byte> entry = stackalloc byte[EntrySize];
        if (oldLength == 0)
        {
            Release(released);
            WriteHead(entry, NoValue, client, seq);
            Log(entry[..17]);
            return;
        }
        Retain(generation);
        Release(released);
        WriteHead(entry, WithValue, client, seq);
        BinaryPrimitives.WriteInt64LittleEndian(entry[17..], generation);
        BinaryPrimitives.WriteInt32LittleEndian(entry[25..], oldLength);
        Log(entry);
    }

    private void Log(ReadOnlySpan<byte> entry)
    {
        Persister.Append(LogName, entry);
        if (++_logEntries > 2 * (long)_clients.Count + 1024) Compact();
    }

    /// <summary>Rewrites the log with one entry per client (the entry just logged is already in the client table).</summary>
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
