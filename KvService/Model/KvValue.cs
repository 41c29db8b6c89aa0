namespace KvService.Model;

/// <summary>
/// A key's value as the KV model's state: an immutable string that shares its prefix with the
/// value it was appended to. An append is one small node, not a copy of the whole value, which
/// matters because the checker keeps every state it reaches; comparisons start at the end, where
/// two values built by appends mostly differ, and stop early at a shared prefix. The hash is a
/// rolling hash kept up to date by each append.
/// </summary>
public sealed class KvValue : IEquatable<KvValue>
{
    private const ulong Base = 0x100000001B3UL; // odd, so the rolling hash keeps every character's trace

    private readonly KvValue? prefix;
    private readonly string tail;
    private readonly ulong hash;

    private KvValue(KvValue? prefix, string tail, ulong hash, int length)
    {
        this.prefix = prefix;
        this.tail = tail;
        this.hash = hash;
        Length = length;
    }

    /// <summary>The empty value (a key never written).</summary>
    public static KvValue Empty { get; } = new(null, "", 0, 0);

    /// <summary>How many characters the value has.</summary>
    public int Length { get; }

    /// <summary>The value <paramref name="value"/>.</summary>
    public static KvValue Of(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 0 ? Empty : new KvValue(null, value, Roll(0, value), value.Length);
    }

    /// <summary>This value followed by <paramref name="suffix"/>.</summary>
    public KvValue Append(string suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        if (suffix.Length == 0)
        {
            return this;
        }
        return Length == 0 ? Of(suffix) : new KvValue(this, suffix, Roll(hash, suffix), Length + suffix.Length);
    }

    /// <summary>Whether this value is the string <paramref name="value"/>.</summary>
    public bool Equals(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }
        var end = value.Length;
        for (var node = this; node is not null; node = node.prefix)
        {
            end -= node.tail.Length;
            if (!value.AsSpan(end, node.tail.Length).SequenceEqual(node.tail))
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Whether both values are the same string.</summary>
    public bool Equals(KvValue? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other.Length != Length || other.hash != hash)
        {
            return false;
        }
        // Walk both from the end; a node both reach at its end is a prefix they share.
        KvValue? a = this, b = other;
        int left = a.tail.Length, right = b.tail.Length;
        while (true)
        {
            while (a is not null && left == 0)
            {
                a = a.prefix;
                left = a?.tail.Length ?? 0;
            }
            while (b is not null && right == 0)
            {
                b = b.prefix;
                right = b?.tail.Length ?? 0;
            }
            if (a is null || b is null)
            {
                return a is null && b is null;
            }
            if (ReferenceEquals(a, b) && left == right)
            {
                return true;
            }
            var n = Math.Min(left, right);
            if (!a.tail.AsSpan(left - n, n).SequenceEqual(b.tail.AsSpan(right - n, n)))
            {
                return false;
            }
            left -= n;
            right -= n;
        }
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is KvValue other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => (int)(hash ^ (hash >> 32));

    /// <summary>The value as one string.</summary>
    public override string ToString() =>
        string.Create(Length, this, static (chars, value) =>
        {
            var end = chars.Length;
            for (var node = value; node is not null; node = node.prefix)
            {
                end -= node.tail.Length;
                node.tail.AsSpan().CopyTo(chars[end..]);
            }
        });

    private static ulong Roll(ulong hash, string text)
    {
        foreach (var c in text)
        {
            hash = (hash * Base) + c;
        }
        return hash;
    }
}
