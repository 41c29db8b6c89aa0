using System.Runtime.InteropServices;

namespace LabRpc;

/// <summary>
/// A node's stable storage (6.824's persister): named byte records that survive the node's crashes.
/// Records can be replaced or appended to, so a server can save one key, or add to one, without
/// rewriting everything. Writes are durable at once. Like a disk, the bytes live outside the managed
/// heap: they do not count as the server's memory. A node's persister is its disk: while the node is dead (from the
/// moment it is killed, even in the middle of a handler, until it restarts) calls that would change it have no effect.
/// <para>
/// <see cref="Open"/> gives a file-backed persister with the same API for a server on a real machine: reads are served
/// from memory, and each change is also written to a log in a folder, where it survives the process's death at once,
/// and a power cut once <see cref="FlushAsync"/> has completed.
/// </para>
/// </summary>
public sealed class Persister : IDisposable
{
    private readonly Dictionary<string, Record> _records = new(StringComparer.Ordinal);
    private PersisterLog? _log;

    /// <summary>Total bytes held, over all records.</summary>
    public long Size { get; private set; }

    /// <summary>Number of writes, appends and removals so far.</summary>
    public long Writes { get; private set; }

    /// <summary>Bytes written so far: the cost of persisting, for measurements.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The names of the records held.</summary>
    public IEnumerable<string> Keys => _records.Keys;

    /// <summary>Number of records held.</summary>
    public int Count => _records.Count;

    /// <summary>
    /// Called just before and just after each write, append and removal takes effect. A handler may crash the node here
    /// (<see cref="Node.Kill"/>): a crash before the call loses it, and no later call of the dead incarnation has an effect.
    /// </summary>
    public Action<PersistEvent>? OnPersist { get; set; }

    /// <summary>The node whose disk this is; its writes stop when it dies.</summary>
    internal Node? Owner { get; init; }

    /// <summary>The folder of a file-backed persister (<see cref="Open"/>), as a full path; null for one in memory.</summary>
    public string? Folder => _log?.Folder;

    /// <summary>fsync calls a file-backed persister made since it was opened (flushes, compactions, creating the folder's
    /// first log); 0 for one in memory.</summary>
    public long Fsyncs => _log?.Fsyncs ?? 0;

    /// <summary>Compactions of a file-backed persister's log since it was opened; 0 for one in memory.</summary>
    public long Compactions => _log?.Compactions ?? 0;

    /// <summary>The log of a file-backed persister.</summary>
    internal PersisterLog? FileLog => _log;

    /// <summary>
    /// Opens a file-backed persister on <paramref name="folder"/> (created if missing) and loads every record it holds.
    /// A change a crash interrupted at the end of the log, never flushed, is dropped. Only one persister at a time may
    /// have a folder open. Dispose it to flush what is left and close its files.
    /// </summary>
    /// <exception cref="PersisterCorruptException">The log is damaged in a way a crash cannot explain.</exception>
    /// <exception cref="IOException">The folder is open elsewhere, or cannot be read or written.</exception>
    public static Persister Open(string folder, PersisterOptions? options = null)
    {
        var persister = new Persister();
        try
        {
            persister._log = PersisterLog.Open(folder, options ?? new PersisterOptions(), persister);
        }
        catch
        {
            persister.Dispose(); // what was replayed before the error
            throw;
        }
        persister.Writes = persister.BytesWritten = 0;
        return persister;
    }

    /// <summary>
    /// Completes once every change made before the call is on stable storage (written and fsync'ed); at once for a
    /// persister in memory, whose writes are durable at once. Callers that arrive while a flush is under way share the
    /// next one, so many concurrent callers cost about one fsync. May be awaited on any thread.
    /// </summary>
    /// <exception cref="IOException">The log could not be written or flushed; the persister refuses further changes.</exception>
    public ValueTask FlushAsync() => _log?.FlushAsync() ?? default;

    /// <summary>Stores a copy of <paramref name="data"/> under <paramref name="key"/>, replacing what was there.</summary>
    public void Write(string key, ReadOnlySpan<byte> data)
    {
        if (!Begin(PersistOperation.Write, key)) return;
        if (_log is not null) Log(PersistOperation.Write, key, data);
        if (_records.TryGetValue(key, out var record))
        {
            Size -= record.Length;
            record.Truncate();
        }
        else
        {
            record = new Record();
            _records[key] = record;
        }
        record.Append(data);
        Tally(data.Length);
        End(PersistOperation.Write, key);
    }

    /// <summary>Adds <paramref name="data"/> at the end of the record under <paramref name="key"/> (creating it).
    /// Costs the bytes appended, not the record's size.</summary>
    public void Append(string key, ReadOnlySpan<byte> data)
    {
        if (!Begin(PersistOperation.Append, key)) return;
        if (_log is not null) Log(PersistOperation.Append, key, data);
        if (!_records.TryGetValue(key, out var record))
        {
            record = new Record();
            _records[key] = record;
        }
        record.Append(data);
        Tally(data.Length);
        End(PersistOperation.Append, key);
    }

    /// <summary>A copy of the record under <paramref name="key"/>, or null if there is none.</summary>
    public byte[]? Read(string key) => _records.TryGetValue(key, out var record) ? record.Span.ToArray() : null;

    /// <summary>The length of the record under <paramref name="key"/>, or -1 if there is none.</summary>
    public long Length(string key) => _records.TryGetValue(key, out var record) ? record.Length : -1;

    /// <summary>Removes the record under <paramref name="key"/>; false if there was none.</summary>
    public bool Remove(string key)
    {
        if (!_records.ContainsKey(key)) return false;
        if (!Begin(PersistOperation.Remove, key)) return true;
        if (_log is not null) Log(PersistOperation.Remove, key, default);
        if (!_records.Remove(key, out var old)) return false;
        Size -= old.Length;
        old.Dispose();
        Writes++;
        End(PersistOperation.Remove, key);
        return true;
    }

    /// <summary>Frees every record's memory now, rather than when the records are collected; the persister is then empty
    /// and can be written again. Like every method here, not while another thread uses the persister. A file-backed
    /// persister first flushes what is left and closes its files (the folder keeps the records); it refuses later changes.</summary>
    public void Dispose()
    {
        try
        {
            _log?.Dispose();
        }
        finally
        {
            foreach (var record in _records.Values) record.Dispose();
            _records.Clear();
            Size = 0;
        }
    }

    /// <summary>6.824's single-blob form: replaces the state record.</summary>
    public void SaveState(ReadOnlySpan<byte> state) => Write("", state);

    /// <summary>6.824's single-blob form: the state record, empty if none was saved.</summary>
    public byte[] ReadState() => Read("") ?? [];

    /// <summary>An independent copy holding the same records, in memory (also for a file-backed persister).</summary>
    public Persister Copy()
    {
        var copy = new Persister();
        foreach (var (key, record) in _records)
        {
            var clone = new Record();
            clone.Append(record.Span);
            copy._records[key] = clone;
        }
        copy.Size = Size;
        return copy;
    }

    /// <summary>False if the call must not take effect: the owner is dead, or dies as it is told of the call.</summary>
    private bool Begin(PersistOperation operation, string key)
    {
        if (Owner is { IsAlive: false }) return false;
        OnPersist?.Invoke(new PersistEvent(PersistStage.Before, operation, key, Writes + 1));
        return Owner is not { IsAlive: false };
    }

    /// <summary>Writes a change to the log before it takes effect in memory, compacting the log first if it is due.</summary>
    private void Log(PersistOperation operation, string key, ReadOnlySpan<byte> data)
    {
        var log = _log!;
        if (log.ShouldCompact)
        {
            log.BeginSnapshot();
            foreach (var (name, record) in _records) log.AddToSnapshot(name, record.Span);
            log.CommitSnapshot();
        }
        log.Append(operation, key, data, Length(key));
    }

    /// <summary>Applies a record of the log at open.</summary>
    internal void Replay(PersistOperation operation, string key, ReadOnlySpan<byte> data)
    {
        switch (operation)
        {
            case PersistOperation.Write: Write(key, data); break;
            case PersistOperation.Append: Append(key, data); break;
            default: Remove(key); break;
        }
    }

    /// <summary>The bytes a snapshot of the records takes in a log, after the file's header.</summary>
    internal long SnapshotBytes()
    {
        long bytes = 0;
        foreach (var (key, record) in _records) bytes += LogFormat.RecordOverhead + LogFormat.KeyBytes(key) + record.Length;
        return bytes;
    }

    private void End(PersistOperation operation, string key) => OnPersist?.Invoke(new PersistEvent(PersistStage.After, operation, key, Writes));

    private void Tally(int bytes)
    {
        Size += bytes;
        Writes++;
        BytesWritten += bytes;
    }

    /// <summary>A growable buffer in native memory, freed when replaced or when collected.</summary>
    private sealed unsafe class Record : IDisposable
    {
        private byte* _data;
        private long _capacity;

        public long Length { get; private set; }

        public ReadOnlySpan<byte> Span => new(_data, checked((int)Length));

        public void Append(ReadOnlySpan<byte> bytes)
        {
            if (Length + bytes.Length > _capacity)
            {
                long capacity = Math.Max(Math.Max(16, _capacity * 2), Length + bytes.Length);
                _data = (byte*)NativeMemory.Realloc(_data, (nuint)capacity);
                _capacity = capacity;
            }
            bytes.CopyTo(new Span<byte>(_data + Length, bytes.Length));
            Length += bytes.Length;
        }

        /// <summary>Empties the record, keeping its buffer for the bytes that replace it.</summary>
        public void Truncate() => Length = 0;

        public void Dispose()
        {
            Free();
            GC.SuppressFinalize(this);
        }

        ~Record() => Free();

        private void Free()
        {
            NativeMemory.Free(_data);
            _data = null;
            _capacity = Length = 0;
        }
    }
}
