using System.Runtime.CompilerServices;

namespace KvService.Model;

/// <summary>
/// A key's value as the KV model's state: an immutable string that shares its prefix with the
/// value it was appended to. An append is one small node, not a copy of the whole value, which
/// matters because the checker keeps every state it reaches; comparisons start at the end, where
/// two values built by appends mostly differ, and stop early at a shared prefix. The hash is a
/// rolling hash kept up to date by each append. The checker steps one put, or one append to one
/// state, many times: the value of a put text is made once, and a value remembers the value last
/// appended to it, so that those steps allocate nothing and give the same object (compared at once).
/// </summary>
public sealed class KvValue : IEquatable<KvValue>
{
    private const ulong Base = 0x100000001B3UL; // odd, so the rolling hash keeps every character's trace

    // The value of each put text, so that the checker's many steps of one put give one object, and appends to it share.
    private static readonly ConditionalWeakTable<string, KvValue> Roots = new();

    private readonly KvValue? _prefix;
    private readonly string _tail;
    private readonly ulong _hash;
    private KvValue? _child; // the value last appended to this one: the checker appends one token to one state many times

    private KvValue(KvValue? prefix, string tail, ulong hash, int length)
    {
        _prefix = prefix;
        _tail = tail;
        _hash = hash;
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
        return value.Length == 0 ? Empty : Roots.GetValue(value, static v => new KvValue(null, v, Roll(0, v), v.Length));
    }

    /// <summary>This value followed by <paramref name="suffix"/>.</summary>
    public KvValue Append(string suffix)
    {
        ArgumentNullException.ThrowIfNull(suffix);
        if (suffix.Length == 0)
        {
            return this;
        }
        if (Length == 0)
        {
            return Of(suffix);
        }
        var child = Volatile.Read(ref _child);
        if (child is null || !ReferenceEquals(child._tail, suffix))
        {
            child = new KvValue(this, suffix, Roll(_hash, suffix), Length + suffix.Length);
            Volatile.Write(ref _child, child); // two threads may race here: each gets a value that is right
        }
        return child;
    }

    /// <summary>Whether this value is the string <paramref name="value"/>.</summary>
    public bool Equals(string? value)
    {
        if (value is null || value.Length != Length)
        {
            return false;
        }
        var end = value.Length;
        for (var node = this; node is not null; node = node._prefix)
        {
            end -= node._tail.Length;
            if (!value.AsSpan(end, node._tail.Length).SequenceEqual(node._tail))
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
        if (other is null || other.Length != Length || other._hash != _hash)
        {
            return false;
        }
        // Walk both from the end; a node both reach at its end is a prefix they share.
        KvValue? a = this, b = other;
        int left = a._tail.Length, right = b._tail.Length;
        while (true)
        {
            while (a is not null && left == 0)
            {
                a = a._prefix;
                left = a?._tail.Length ?? 0;
            }
            while (b is not null && right == 0)
            {
                b = b._prefix;
                right = b?._tail.Length ?? 0;
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
            if (!a._tail.AsSpan(left - n, n).SequenceEqual(b._tail.AsSpan(right - n, n)))
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
    public override int GetHashCode() => (int)(_hash ^ (_hash >> 32));

    /// <summary>The value as one string.</summary>
    public override string ToString() =>
        string.Create(Length, this, static (chars, value) =>
        {
            var end = chars.Length;
            for (var node = value; node is not null; node = node._prefix)
            {
                end -= node._tail.Length;
                node._tail.AsSpan().CopyTo(chars[end..]);
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
