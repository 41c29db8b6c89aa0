using System.Globalization;
using Microsoft.Win32.SafeHandles;

namespace LabRpc;

/// <summary>
/// The files behind a file-backed <see cref="Persister"/>: a log of its changes in a folder, with group commit and
/// compaction. The folder holds <c>log-N</c>, the current log (N its generation), and a <c>LOCK</c> file held while it
/// is open. Each change is written to the log at once (the operating system holds it: it survives the process's death);
/// <see cref="FlushAsync"/> makes it survive a power cut. Compaction writes every live record to <c>log-(N+1).tmp</c>,
/// flushes it, renames it <c>log-(N+1)</c>, flushes the folder and removes <c>log-N</c>; the new log goes on from the
/// snapshot. At open the highest-numbered log is the current one (a log gets its name only when whole and on stable
/// storage), and leftovers of an interrupted compaction are removed.
/// Changes come from one thread at a time; flushes may be asked for and completed on any thread.
/// </summary>
internal sealed class PersisterLog : IDisposable
{
    private const string Prefix = "log-";
    private const string TemporarySuffix = ".tmp";
    private const int InlineData = 64 << 10;

    private readonly object _sync = new();
    private readonly FileStream _lock;
    private readonly long _compactionFloor;
    private Thread? _flusher;

    // The changing thread's own: the current file, its length, what a snapshot of the records would take after the header.
    private SafeFileHandle _file;
    private string _path;
    private long _generation;
    private long _length;
    private long _live;
    private byte[] _scratch = new byte[256];
    private FileStream? _snapshot;
    private long _snapshotLength;

    // Shared with the flusher and with callers of FlushAsync.
    private long _logged;      // bytes handed to the operating system over the log's life (every file): written by the changing thread
    private long _durable;     // of those, the bytes on stable storage
    private TaskCompletionSource? _next; // the callers waiting for the next fsync (under _sync)
    private bool _fsyncing;    // the flusher is flushing _file: it must not be closed (under _sync)
    private bool _closing;     // under _sync
    private Exception? _failure; // an I/O error: the log refuses further changes and flushes
    private long _fsyncs;
    private long _compactions;

    private PersisterLog(string folder, FileStream lockFile, long compactionFloor, SafeFileHandle file, string path, long generation, long length)
    {
        Folder = folder;
        _lock = lockFile;
        _compactionFloor = compactionFloor;
        _file = file;
        _path = path;
        _generation = generation;
        _length = length;
    }

    /// <summary>The folder, as a full path.</summary>
    public string Folder { get; }

    /// <summary>fsync calls made since the log was opened (creating the folder's first log included), on log files and on
    /// the folder.</summary>
    public long Fsyncs => Interlocked.Read(ref _fsyncs);

    /// <summary>Compactions done since the log was opened.</summary>
    public long Compactions => _compactions;

    /// <summary>The current log file.</summary>
    internal string CurrentPath => _path;

    /// <summary>The bytes a snapshot of the records would take after the file's header, kept up to date change by change.</summary>
    internal long LiveBytes => _live;

    /// <summary>For tests: runs on the flusher's thread just before each flush's fsync.</summary>
    internal Action? BeforeFsync { get; set; }

    /// <summary>For tests: runs at each moment of a compaction, on the changing thread.</summary>
    internal Action<CompactionStep>? OnCompactionStep { get; set; }

    /// <summary>True once the log is long enough to be worth compacting before the next change.</summary>
    public bool ShouldCompact => _length > 2 * (LogFormat.FileHeaderSize + _live) + _compactionFloor;

    /// <summary>Opens the log in <paramref name="folder"/> (creating both if needed) and replays it into <paramref name="into"/>.</summary>
    public static PersisterLog Open(string folder, PersisterOptions options, Persister into)
    {
        ArgumentException.ThrowIfNullOrEmpty(folder);
        ArgumentOutOfRangeException.ThrowIfNegative(options.CompactionFloor);
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);
        var lockFile = Lock(folder);
        try
        {
            var (current, temporaries, older) = Scan(folder);
            foreach (string leftover in temporaries) File.Delete(leftover);
            int created = 0;
            if (current < 0)
            {
                current = 1;
                created = CreateEmpty(folder, current);
            }
            string path = LogPath(folder, current);
            long end = LogReader.Replay(path, current, into);
            var file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
            try
            {
                // A torn tail is cut off: the next record goes where the last whole one ends. The cut need not be flushed
                // first: until the next fsync covers the file, a crash leaves the same torn tail, dropped again.
                if (RandomAccess.GetLength(file) != end) RandomAccess.SetLength(file, end);
                foreach (string old in older) File.Delete(old);
                var log = new PersisterLog(folder, lockFile, options.CompactionFloor, file, path, current, end);
                log._live = into.SnapshotBytes();
                log._fsyncs = created;
                log.StartFlusher();
                return log;
            }
            catch
            {
                file.Dispose();
                throw;
            }
        }
        catch
        {
            lockFile.Dispose();
            throw;
        }
    }

    /// <summary>Writes one change to the log; <paramref name="oldLength"/> is the record's length before it, -1 if none.</summary>
    public void Append(PersistOperation operation, string key, ReadOnlySpan<byte> data, long oldLength)
    {
        ThrowIfUnusable();
        int keyBytes = LogFormat.KeyBytes(key);
        int prefix = LogFormat.RecordOverhead + keyBytes;
        if ((long)prefix + data.Length - LogFormat.RecordHeaderSize > LogFormat.MaxBody)
            throw new ArgumentException($"A change of {data.Length:N0} bytes is too large for the persister's log (at most 2 GiB a call).", nameof(data));
        int total = prefix + data.Length;
        bool inline = data.Length <= InlineData;
        var buffer = Scratch(inline ? total : prefix);
        LogFormat.EncodeRecord(buffer, operation, key, keyBytes, data, copyData: inline);
        try
        {
            if (inline)
            {
                RandomAccess.Write(_file, buffer.AsSpan(0, total), _length);
            }
            else
            {
                RandomAccess.Write(_file, buffer.AsSpan(0, prefix), _length);
                RandomAccess.Write(_file, data, _length + prefix);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(e, $"writing to {_path}");
        }
        _length += total;
        Volatile.Write(ref _logged, _logged + total);
        _live += operation switch
        {
            PersistOperation.Remove => -(LogFormat.RecordOverhead + keyBytes + oldLength),
            _ when oldLength < 0 => total,
            PersistOperation.Write => data.Length - oldLength,
            _ => data.Length,
        };
    }

    /// <summary>Completes once every change written before the call is on stable storage. Callers that arrive while a
    /// flush is under way share the next one.</summary>
    public ValueTask FlushAsync()
    {
        long target = Volatile.Read(ref _logged);
        if (Volatile.Read(ref _durable) >= target) return default;
        lock (_sync)
        {
            if (_failure is not null) return ValueTask.FromException(Refusal());
            if (_durable >= target) return default;
            if (_closing) return ValueTask.FromException(new ObjectDisposedException(nameof(Persister), $"The persister on {Folder} is disposed."));
            if (_next is null)
            {
                _next = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                Monitor.Pulse(_sync);
            }
            return new ValueTask(_next.Task);
        }
    }

    /// <summary>Starts a compaction: the snapshot's records follow (<see cref="AddToSnapshot"/>), then <see cref="CommitSnapshot"/>.</summary>
    public void BeginSnapshot()
    {
        ThrowIfUnusable();
        string temporary = LogPath(Folder, _generation + 1) + TemporarySuffix;
        try
        {
            _snapshot = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 1 << 20);
            _snapshot.Write(new byte[LogFormat.FileHeaderSize]); // filled in once the length is known
            _snapshotLength = LogFormat.FileHeaderSize;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(e, $"starting the compaction of {_path}");
        }
    }

    /// <summary>Writes one live record into the snapshot.</summary>
    public void AddToSnapshot(string key, ReadOnlySpan<byte> data)
    {
        int keyBytes = LogFormat.KeyBytes(key);
        int prefix = LogFormat.RecordOverhead + keyBytes;
        var buffer = Scratch(prefix);
        LogFormat.EncodeRecord(buffer, PersistOperation.Write, key, keyBytes, data, copyData: false);
        try
        {
            _snapshot!.Write(buffer, 0, prefix);
            _snapshot.Write(data);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(e, $"writing the compaction of {_path}");
        }
        _snapshotLength += prefix + data.Length;
    }

    /// <summary>Puts the snapshot on stable storage under the next log name and goes on from it; the old log is removed.</summary>
    public void CommitSnapshot()
    {
        var snapshot = _snapshot!;
        _snapshot = null;
        long generation = _generation + 1;
        string path = LogPath(Folder, generation);
        SafeFileHandle file;
        try
        {
            using (snapshot)
            {
                var header = new byte[LogFormat.FileHeaderSize];
                LogFormat.WriteFileHeader(header, generation, _snapshotLength);
                snapshot.Position = 0;
                snapshot.Write(header);
                snapshot.Flush();
                OnCompactionStep?.Invoke(CompactionStep.TemporaryWritten);
                snapshot.Flush(flushToDisk: true);
                Interlocked.Increment(ref _fsyncs);
            }
            OnCompactionStep?.Invoke(CompactionStep.TemporarySynced);
            File.Move(path + TemporarySuffix, path);
            OnCompactionStep?.Invoke(CompactionStep.Renamed);
            FolderSync.Flush(Folder);
            Interlocked.Increment(ref _fsyncs);
            OnCompactionStep?.Invoke(CompactionStep.FolderSynced);
            file = File.OpenHandle(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(e, $"compacting {_path}");
        }

        // Everything logged so far is in the snapshot, on stable storage: the callers waiting for a flush are done.
        SafeFileHandle old;
        TaskCompletionSource? round;
        lock (_sync)
        {
            while (_fsyncing) Monitor.Wait(_sync);
            old = _file;
            _file = file;
            Volatile.Write(ref _durable, _logged);
            round = _next;
            _next = null;
        }
        round?.TrySetResult();
        string oldPath = _path;
        _path = path;
        _generation = generation;
        _length = _snapshotLength;
        _live = _snapshotLength - LogFormat.FileHeaderSize;
        _compactions++;
        old.Dispose();
        try
        {
            File.Delete(oldPath); // a crash before this leaves it behind: the next open removes it
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(e, $"removing {oldPath} after a compaction");
        }
        OnCompactionStep?.Invoke(CompactionStep.OldRemoved);
    }

    /// <summary>Flushes what is left, stops the flusher and closes the files; later changes are refused.</summary>
    public void Dispose()
    {
        lock (_sync)
        {
            if (_closing) return;
            _closing = true;
            Monitor.PulseAll(_sync);
        }
        _flusher?.Join();
        _snapshot?.Dispose();
        try
        {
            if (_failure is null && Volatile.Read(ref _durable) < Volatile.Read(ref _logged))
            {
                RandomAccess.FlushToDisk(_file);
                Interlocked.Increment(ref _fsyncs);
                Volatile.Write(ref _durable, _logged);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Fail(e, $"flushing {_path} as the persister was disposed");
        }
        finally
        {
            _file.Dispose();
            _lock.Dispose();
        }
    }

    private void StartFlusher()
    {
        // A file-backed persister serves a server on a real machine; fsync blocks for milliseconds,
        // so one thread per open log does it while the server goes on, and completes the callers waiting for it.
        _flusher = new Thread(FlushLoop) { IsBackground = true, Name = "persister flusher" }; // outside the simulation: the file-backed log's fsync thread
        _flusher.Start();
    }

    private void FlushLoop()
    {
        while (true)
        {
            TaskCompletionSource round;
            long upTo;
            SafeFileHandle file;
            lock (_sync)
            {
                while (_next is null && !_closing) Monitor.Wait(_sync);
                if (_next is null) return;
                round = _next;
                _next = null;
                upTo = Volatile.Read(ref _logged);
                file = _file;
                _fsyncing = true;
            }
            Exception? error = null;
            try
            {
                BeforeFsync?.Invoke();
                RandomAccess.FlushToDisk(file);
            }
            catch (Exception e)
            {
                error = e;
            }
            lock (_sync)
            {
                _fsyncing = false;
                if (error is null)
                {
                    Interlocked.Increment(ref _fsyncs);
                    if (upTo > _durable) Volatile.Write(ref _durable, upTo);
                }
                else
                {
                    _failure ??= error;
                }
                Monitor.PulseAll(_sync);
            }
            if (error is null) round.TrySetResult();
            else round.TrySetException(Refusal());
        }
    }

    private void ThrowIfUnusable()
    {
        if (_failure is not null) throw Refusal();
        if (_closing) throw new ObjectDisposedException(nameof(Persister), $"The persister on {Folder} is disposed: open the folder again to change it.");
    }

    private IOException Fail(Exception error, string doing)
    {
        TaskCompletionSource? round;
        lock (_sync)
        {
            _failure ??= new IOException($"{error.Message} (while {doing})", error);
            round = _next;
            _next = null;
        }
        round?.TrySetException(Refusal());
        return Refusal();
    }

    private IOException Refusal() =>
        new($"The persister on {Folder} failed: {_failure!.Message} It refuses further changes and flushes, since what " +
            "reached the disk is no longer known. Fix the cause (disk full? removed?) and open the folder again: the log " +
            "replays what is on stable storage.", _failure);

    private byte[] Scratch(int size)
    {
        if (_scratch.Length < size) _scratch = new byte[Math.Max(size, _scratch.Length * 2)];
        return _scratch;
    }

    private static FileStream Lock(string folder)
    {
        string path = Path.Combine(folder, "LOCK");
        try
        {
            return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new IOException(
                $"The persister folder {folder} is already open (its LOCK file is held by another persister, in this " +
                "process or another): dispose that persister, or stop the process that holds it, before opening it again.", e);
        }
    }

    /// <summary>The current generation (-1 if none), leftover temporary files, and logs older than the current one.</summary>
    private static (long Current, List<string> Temporaries, List<string> Older) Scan(string folder)
    {
        var logs = new List<(long Generation, string Path)>();
        var temporaries = new List<string>();
        foreach (string path in Directory.EnumerateFiles(folder, Prefix + "*"))
        {
            string name = Path.GetFileName(path);
            bool temporary = name.EndsWith(TemporarySuffix, StringComparison.Ordinal);
            string number = name[Prefix.Length..(temporary ? name.Length - TemporarySuffix.Length : name.Length)];
            if (!long.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out long generation)) continue;
            if (temporary) temporaries.Add(path);
            else logs.Add((generation, path));
        }
        if (logs.Count == 0) return (-1, temporaries, []);
        long current = logs.Max(l => l.Generation);
        return (current, temporaries, logs.Where(l => l.Generation != current).Select(l => l.Path).ToList());
    }

    /// <summary>Creates an empty log the way compaction does: whole and on stable storage before it has its name. Returns
    /// the fsyncs it took.</summary>
    private static int CreateEmpty(string folder, long generation)
    {
        string path = LogPath(folder, generation);
        using (var file = new FileStream(path + TemporarySuffix, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            var header = new byte[LogFormat.FileHeaderSize];
            LogFormat.WriteFileHeader(header, generation, LogFormat.FileHeaderSize);
            file.Write(header);
            file.Flush(flushToDisk: true);
        }
        File.Move(path + TemporarySuffix, path);
        FolderSync.Flush(folder);
        return 2;
    }

    private static string LogPath(string folder, long generation) =>
        Path.Combine(folder, Prefix + generation.ToString("D10", CultureInfo.InvariantCulture));
}
