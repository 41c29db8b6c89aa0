using System.Text;

namespace KvService.Reference;

/// <summary>
/// A value as the reference server keeps it: immutable UTF-8 bytes, stored as a chain of chunks so
/// that appending shares storage with the value before. The old value an Append returns, and that
/// the server remembers for a retry, is the previous <see cref="Utf8Value"/>: it costs no copy.
/// Small appends fill spare room at the end of the last chunk (like a Go slice: bytes below a value's
/// length are never written again), so a value made of many small appends is a few large chunks,
/// not one node per append.
/// </summary>
internal sealed class Utf8Value
{
    /// <summary>Appends are gathered into chunks of at most this many bytes; larger appends get a chunk of their own.</summary>
    internal const int MaxChunk = 4096;

    private readonly Utf8Value? _prefix;
    private readonly Chunk _chunk;
    private readonly int _count;

    private Utf8Value(Utf8Value? prefix, Chunk chunk, int count)
    {
        _prefix = prefix;
        _chunk = chunk;
        _count = count;
        Length = (prefix?.Length ?? 0) + count;
    }

    /// <summary>The empty value (a key never written).</summary>
    public static Utf8Value Empty { get; } = new(null, new Chunk([]), 0);

    /// <summary>The value's length in UTF-8 bytes.</summary>
    public int Length { get; }

    /// <summary>How many chunks hold the value (for tests of the layout).</summary>
    internal int ChunkCount => _prefix is null ? (_count == 0 ? 0 : 1) : _prefix.ChunkCount + 1;

    /// <summary>The value of <paramref name="text"/>.</summary>
    public static Utf8Value Of(string text) => text.Length == 0 ? Empty : FromUtf8(Encoding.UTF8.GetBytes(text));

    /// <summary>The value whose bytes are <paramref name="utf8"/>; the array is taken over, not copied.</summary>
    public static Utf8Value FromUtf8(byte[] utf8) => utf8.Length == 0 ? Empty : new(null, new Chunk(utf8) { Used = utf8.Length }, utf8.Length);

    /// <summary>This value followed by <paramref name="suffix"/>; this value stays as it was.</summary>
    public Utf8Value Append(string suffix) => Append(suffix, out _);

    /// <summary>This value followed by <paramref name="suffix"/>; <paramref name="appended"/> is the number of bytes added
    /// (the last bytes of the result, see <see cref="Tail"/>).</summary>
    public Utf8Value Append(string suffix, out int appended)
    {
        appended = Encoding.UTF8.GetByteCount(suffix);
        if (appended == 0) return this;
        int n = appended;
        if (Length == 0) return Fresh(null, suffix, n);
        bool ownsEnd = _count == _chunk.Used;
        if (ownsEnd && _chunk.Data.Length - _count >= n)
        {
            Encoding.UTF8.GetBytes(suffix, _chunk.Data.AsSpan(_count));
            _chunk.Used += n;
            return new Utf8Value(_prefix, _chunk, _count + n);
        }
        if (_count + n <= MaxChunk && _count < MaxChunk / 2)
        {
            // Grow the last chunk into a new array (the old one stays as it is for whoever holds this value).
            var data = new byte[Math.Min(MaxChunk, Math.Max(64, 2 * (_count + n)))];
            _chunk.Data.AsSpan(0, _count).CopyTo(data);
            Encoding.UTF8.GetBytes(suffix, data.AsSpan(_count));
            return new Utf8Value(_prefix, new Chunk(data) { Used = _count + n }, _count + n);
        }
        return Fresh(this, suffix, n);
    }

    /// <summary>The last <paramref name="count"/> bytes, at most the last chunk's: what the latest append added.</summary>
    public ReadOnlySpan<byte> Tail(int count) => _chunk.Data.AsSpan(_count - count, count);

    /// <summary>The first <paramref name="length"/> bytes of this value, sharing its storage.</summary>
    public Utf8Value Prefix(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(length, Length);
        var value = this;
        while (value.Length - value._count >= length && value._prefix is not null && length < value.Length) value = value._prefix;
        if (length == value.Length) return value;
        if (length == 0) return Empty;
        return new Utf8Value(value._prefix, value._chunk, length - (value.Length - value._count));
    }

    /// <summary>Copies the value's bytes into <paramref name="destination"/>, which must be <see cref="Length"/> long.</summary>
    public void CopyTo(Span<byte> destination)
    {
        for (var value = this; value is not null; value = value._prefix)
            value._chunk.Data.AsSpan(0, value._count).CopyTo(destination[(value.Length - value._count)..]);
    }

    /// <summary>The value's bytes, as a new array.</summary>
    public byte[] ToArray()
    {
        var bytes = new byte[Length];
        CopyTo(bytes);
        return bytes;
    }

    /// <summary>The value as a string (decoded chunk by chunk: chunks end between characters, since each holds whole appends).</summary>
    public override string ToString()
    {
        if (Length == 0) return "";
        if (_prefix is null) return Encoding.UTF8.GetString(_chunk.Data, 0, _count);
        int chars = 0;
        for (var value = this; value is not null; value = value._prefix)
            chars += Encoding.UTF8.GetCharCount(value._chunk.Data, 0, value._count);
        return string.Create(chars, this, static (span, last) =>
        {
            int end = span.Length;
            for (var value = last; value is not null; value = value._prefix)
            {
                var bytes = value._chunk.Data.AsSpan(0, value._count);
                int n = Encoding.UTF8.GetCharCount(bytes);
                end -= n;
                Encoding.UTF8.GetChars(bytes, span.Slice(end, n));
            }
        });
    }

    private static Utf8Value Fresh(Utf8Value? prefix, string suffix, int n)
    {
        // A large append gets an array of its exact size; a small one, room to grow.
        var data = new byte[n >= MaxChunk / 2 ? n : Math.Min(MaxChunk, Math.Max(64, 2 * n))];
        Encoding.UTF8.GetBytes(suffix, data);
        return new Utf8Value(prefix, new Chunk(data) { Used = n }, n);
    }

    /// <summary>An array shared by the values that end in it; <see cref="Used"/> bytes of it are written and never change.</summary>
    private sealed class Chunk(byte[] data)
    {
        public byte[] Data { get; } = data;

        public int Used { get; set; }
    }
}
