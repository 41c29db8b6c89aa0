using Microsoft.Win32.SafeHandles;

namespace LabRpc;

/// <summary>
/// Replays a log file into a persister at open. A damaged record at the end is a write a crash interrupted (truncated
/// anywhere, or with a bad checksum at the end of the file): it was never flushed, so it is dropped. Damage followed by a
/// valid record, or inside the snapshot part (on stable storage before the file got its name), is not from a crash: the
/// reader refuses it with <see cref="PersisterCorruptException"/>.
/// </summary>
internal static class LogReader
{
    private const int Window = 1 << 16;

    /// <summary>Applies the file's records to <paramref name="into"/>; returns where the valid records end (the file's
    /// length unless its tail is torn).</summary>
    public static long Replay(string path, long generation, Persister into)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1 << 20);
        long length = stream.Length;
        var header = new byte[LogFormat.FileHeaderSize];
        if (stream.ReadAtLeast(header, header.Length, throwOnEndOfStream: false) < header.Length
            || !LogFormat.TryReadFileHeader(header, out long written, out long snapshotEnd) || written != generation)
        {
            throw Corrupt(path, 0, "its header is damaged",
                "A log file gets its name only once its header is on stable storage, so a crash cannot explain this.");
        }
        if (snapshotEnd > length)
        {
            throw Corrupt(path, length, $"it is {length:N0} bytes long but its snapshot part, on stable storage before " +
                $"the file got its name, was {snapshotEnd:N0} bytes", "Bytes were lost after they reached the disk.");
        }

        long position = LogFormat.FileHeaderSize;
        var recordHeader = new byte[LogFormat.RecordHeaderSize];
        byte[] body = new byte[256];
        while (position < length)
        {
            string? damage = null;
            long next = position + 1; // where a valid record after the damage would be looked for
            if (length - position < LogFormat.RecordHeaderSize)
            {
                damage = "a record's header is cut short";
            }
            else
            {
                stream.ReadExactly(recordHeader);
                if (!LogFormat.TryReadRecordHeader(recordHeader, out int bodyLength, out uint bodyCrc))
                {
                    damage = "a record's header has a bad checksum";
                }
                else if (bodyLength > length - position - LogFormat.RecordHeaderSize)
                {
                    damage = "a record is cut short";
                    next = length; // its body would run to the end of the file: nothing follows it
                }
                else
                {
                    if (body.Length < bodyLength) body = new byte[Math.Max(bodyLength, body.Length * 2)];
                    var span = body.AsSpan(0, bodyLength);
                    stream.ReadExactly(span);
                    next = position + LogFormat.RecordHeaderSize + bodyLength;
                    if (Crc32C.Compute(span) != bodyCrc)
                    {
                        damage = "a record's body has a bad checksum";
                    }
                    else if (!LogFormat.TryDecodeBody(span, out var operation, out string key, out int dataStart))
                    {
                        throw Corrupt(path, position, "a record with a valid checksum makes no sense (a different format?)",
                            "The file was not written by this version of the persister, or was changed by something else.");
                    }
                    else
                    {
                        into.Replay(operation, key, span[dataStart..]);
                        position = next;
                        continue;
                    }
                }
            }

            if (position < snapshotEnd)
            {
                throw Corrupt(path, position, damage + ", inside the snapshot part",
                    "That part was on stable storage before the file got its name, so a crash cannot explain this.");
            }
            long valid = FindRecord(stream.SafeFileHandle, next, length);
            if (valid >= 0)
            {
                throw Corrupt(path, position, $"{damage}, and a valid record follows at byte {valid:N0}",
                    "A crash only damages the end of the log, so this is not a torn write.");
            }
            return position; // a torn tail: the last write, never flushed, was interrupted
        }
        return length;
    }

    /// <summary>The offset of the first valid record at or after <paramref name="from"/>, or -1.</summary>
    internal static long FindRecord(SafeFileHandle file, long from, long length)
    {
        var window = new byte[Window];
        byte[]? body = null;
        for (long start = from; length - start >= LogFormat.RecordHeaderSize; start += window.Length - (LogFormat.RecordHeaderSize - 1))
        {
            int read = ReadAt(file, window, start);
            for (int i = 0; i + LogFormat.RecordHeaderSize <= read; i++)
            {
                if (!LogFormat.TryReadRecordHeader(window.AsSpan(i), out int bodyLength, out uint bodyCrc)) continue;
                long bodyStart = start + i + LogFormat.RecordHeaderSize;
                if (bodyLength > length - bodyStart) continue;
                body ??= new byte[Window];
                if (BodyCrc(file, bodyStart, bodyLength, body) == bodyCrc) return start + i;
            }
        }
        return -1;
    }

    private static uint BodyCrc(SafeFileHandle file, long start, int length, byte[] buffer)
    {
        uint crc = 0;
        for (long done = 0; done < length;)
        {
            int chunk = (int)Math.Min(buffer.Length, length - done);
            int read = ReadAt(file, buffer.AsSpan(0, chunk), start + done);
            crc = Crc32C.Append(crc, buffer.AsSpan(0, read));
            done += read;
            if (read < chunk) break;
        }
        return crc;
    }

    /// <summary>Reads as much of <paramref name="into"/> as the file holds from <paramref name="offset"/>.</summary>
    private static int ReadAt(SafeFileHandle file, Span<byte> into, long offset)
    {
        int total = 0;
        while (total < into.Length)
        {
            int read = RandomAccess.Read(file, into[total..], offset + total);
            if (read == 0) break;
            total += read;
        }
        return total;
    }

    private static PersisterCorruptException Corrupt(string path, long offset, string what, string why) =>
        new(path, offset,
            $"The persister's log {path} is damaged at byte {offset:N0}: {what}. {why} Opening it could lose or misread " +
            "data that was acknowledged as durable, so the persister refuses to open. Restore the folder from a backup " +
            $"or another replica; or, to keep only what comes before the damage, copy the folder and truncate the copy's " +
            $"{Path.GetFileName(path)} to {offset:N0} bytes (every change after that point is lost).");
}
