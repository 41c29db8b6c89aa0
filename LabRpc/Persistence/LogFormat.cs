using System.Buffers.Binary;
using System.Text;

namespace LabRpc;

/// <summary>
/// The layout of a file-backed persister's log files (little-endian). A file starts with a header: the magic
/// <c>LabRpcL1</c>, its generation (the number in its name), the length of its snapshot part (header and the records
/// compaction wrote, on stable storage before the file got its name), and a CRC-32C of those 24 bytes. Records follow:
/// the body's length, the body's CRC-32C, a CRC-32C of those 8 bytes, then the body: the operation (1 write, 2 append,
/// 3 remove), the key's length and UTF-8 bytes, and the data. The header's own checksum lets a reader tell, at any
/// offset, whether a record starts there without reading its body.
/// </summary>
internal static class LogFormat
{
    /// <summary>Bytes of a file's header.</summary>
    public const int FileHeaderSize = 28;

    /// <summary>Bytes of a record's header: body length, body checksum, header checksum.</summary>
    public const int RecordHeaderSize = 12;

    /// <summary>Bytes of a body before the key: operation and key length.</summary>
    public const int BodyPrefixSize = 5;

    /// <summary>Bytes of a record besides its key and data.</summary>
    public const int RecordOverhead = RecordHeaderSize + BodyPrefixSize;

    /// <summary>The longest body a record may have.</summary>
    public const int MaxBody = int.MaxValue - RecordHeaderSize - 64;

    private const byte WriteCode = 1, AppendCode = 2, RemoveCode = 3;

    /// <summary>Keys as UTF-8, refusing a string that is not valid UTF-16 rather than storing a different key.</summary>
    public static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static ReadOnlySpan<byte> Magic => "LabRpcL1"u8;

    /// <summary>Fills <paramref name="into"/> (<see cref="FileHeaderSize"/> bytes) with a file's header.</summary>
    public static void WriteFileHeader(Span<byte> into, long generation, long snapshotEnd)
    {
        Magic.CopyTo(into);
        BinaryPrimitives.WriteInt64LittleEndian(into[8..], generation);
        BinaryPrimitives.WriteInt64LittleEndian(into[16..], snapshotEnd);
        BinaryPrimitives.WriteUInt32LittleEndian(into[24..], Crc32C.Compute(into[..24]));
    }

    /// <summary>Reads a file's header; false if it is damaged.</summary>
    public static bool TryReadFileHeader(ReadOnlySpan<byte> from, out long generation, out long snapshotEnd)
    {
        generation = snapshotEnd = 0;
        if (from.Length < FileHeaderSize || !from[..8].SequenceEqual(Magic)) return false;
        if (BinaryPrimitives.ReadUInt32LittleEndian(from[24..]) != Crc32C.Compute(from[..24])) return false;
        generation = BinaryPrimitives.ReadInt64LittleEndian(from[8..]);
        snapshotEnd = BinaryPrimitives.ReadInt64LittleEndian(from[16..]);
        return snapshotEnd >= FileHeaderSize;
    }

    /// <summary>The UTF-8 length of <paramref name="key"/>.</summary>
    /// <exception cref="ArgumentException">The key is not valid UTF-16 (a lone surrogate).</exception>
    public static int KeyBytes(string key)
    {
        try
        {
            return Utf8.GetByteCount(key);
        }
        catch (EncoderFallbackException e)
        {
            throw new ArgumentException(
                $"The key \"{key}\" holds a lone surrogate: a file-backed persister stores keys as UTF-8, which cannot " +
                "hold it. Use a key that is valid text.", nameof(key), e);
        }
    }

    /// <summary>
    /// Writes a record's header and body up to its data into <paramref name="into"/> (<see cref="RecordOverhead"/> plus
    /// <paramref name="keyBytes"/> bytes), and the data after them if <paramref name="copyData"/>. The checksum covers
    /// <paramref name="data"/> either way.
    /// </summary>
    public static void EncodeRecord(Span<byte> into, PersistOperation operation, string key, int keyBytes, ReadOnlySpan<byte> data, bool copyData)
    {
        int bodyLength = BodyPrefixSize + keyBytes + data.Length;
        var body = into[RecordHeaderSize..];
        body[0] = operation switch
        {
            PersistOperation.Write => WriteCode,
            PersistOperation.Append => AppendCode,
            _ => RemoveCode,
        };
        BinaryPrimitives.WriteInt32LittleEndian(body[1..], keyBytes);
        Utf8.GetBytes(key, body.Slice(BodyPrefixSize, keyBytes));
        uint bodyCrc = Crc32C.Append(Crc32C.Compute(body[..(BodyPrefixSize + keyBytes)]), data);
        if (copyData) data.CopyTo(body[(BodyPrefixSize + keyBytes)..]);
        BinaryPrimitives.WriteInt32LittleEndian(into, bodyLength);
        BinaryPrimitives.WriteUInt32LittleEndian(into[4..], bodyCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(into[8..], Crc32C.Compute(into[..8]));
    }

    /// <summary>Reads a record's header; false if its checksum or its length is wrong.</summary>
    public static bool TryReadRecordHeader(ReadOnlySpan<byte> from, out int bodyLength, out uint bodyCrc)
    {
        bodyLength = BinaryPrimitives.ReadInt32LittleEndian(from);
        bodyCrc = BinaryPrimitives.ReadUInt32LittleEndian(from[4..]);
        return BinaryPrimitives.ReadUInt32LittleEndian(from[8..]) == Crc32C.Compute(from[..8])
            && bodyLength is >= BodyPrefixSize and <= MaxBody;
    }

    /// <summary>Splits a body whose checksum is right; false if it still makes no sense (not written by this format).</summary>
    public static bool TryDecodeBody(ReadOnlySpan<byte> body, out PersistOperation operation, out string key, out int dataStart)
    {
        operation = default;
        key = "";
        dataStart = 0;
        if (body.Length < BodyPrefixSize) return false;
        switch (body[0])
        {
            case WriteCode: operation = PersistOperation.Write; break;
            case AppendCode: operation = PersistOperation.Append; break;
            case RemoveCode: operation = PersistOperation.Remove; break;
            default: return false;
        }
        int keyBytes = BinaryPrimitives.ReadInt32LittleEndian(body[1..]);
        if (keyBytes < 0 || keyBytes > body.Length - BodyPrefixSize) return false;
        dataStart = BodyPrefixSize + keyBytes;
        if (operation == PersistOperation.Remove && dataStart != body.Length) return false;
        try
        {
            key = Utf8.GetString(body.Slice(BodyPrefixSize, keyBytes));
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
        return true;
    }
}
