namespace KvService.Model;

/// <summary>
/// The whole key/value store as one immutable state, for checking without partitioning by key.
/// A key holding "" is the same as a missing key. Values are <see cref="KvValue"/>s, so an append
/// shares the old value; the hash is kept up to date as keys change, so comparing two stores is cheap.
/// </summary>
public sealed class KvStore : IEquatable<KvStore>
{
    private readonly string[] _keys;   // sorted, ordinal
    private readonly KvValue[] _values; // never empty
    private readonly int _hash;

    private KvStore(string[] keys, KvValue[] values, int hash)
    {
        _keys = keys;
        _values = values;
        _hash = hash;
    }

    /// <summary>The store with no keys.</summary>
    public static KvStore Empty { get; } = new([], [], 0);

    /// <summary>How many keys hold a non-empty value.</summary>
    public int Count => _keys.Length;

    /// <summary>The value at <paramref name="key"/>, empty if none.</summary>
    public KvValue Get(string key)
    {
        var i = Array.BinarySearch(_keys, key, StringComparer.Ordinal);
        return i >= 0 ? _values[i] : KvValue.Empty;
    }

    /// <summary>This store with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public KvStore With(string key, KvValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var i = Array.BinarySearch(_keys, key, StringComparer.Ordinal);
        if (i >= 0)
        {
            var h = _hash - EntryHash(key, _values[i]);
            if (value.Length == 0)
            {
                return new KvStore([.. _keys[..i], .. _keys[(i + 1)..]], [.. _values[..i], .. _values[(i + 1)..]], h);
            }
            var newValues = (KvValue[])_values.Clone();
            newValues[i] = value;
            return new KvStore(_keys, newValues, h + EntryHash(key, value));
        }
        if (value.Length == 0)
        {
            return this;
        }
        i = ~i;
        return new KvStore(
            [.. _keys[..i], key, .. _keys[i..]],
            [.. _values[..i], value, .. _values[i..]],
            _hash + EntryHash(key, value));
    }

    /// <summary>Whether both stores hold the same values at the same keys.</summary>
    public bool Equals(KvStore? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other._hash != _hash || other._keys.Length != _keys.Length)
        {
            return false;
        }
        for (var i = 0; i < _keys.Length; i++)
        {
            if (!string.Equals(_keys[i], other._keys[i], StringComparison.Ordinal)
                || !_values[i].Equals(other._values[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is KvStore other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <summary>The store as <c>{k1: "v1", k2: "v2"}</c>.</summary>
    public override string ToString() =>
        "{" + string.Join(", ", _keys.Select((k, i) => $"{KvModel.Quote(k)}: {KvModel.Quote(_values[i].ToString())}")) + "}";

    private static int EntryHash(string key, KvValue value) =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value.GetHashCode());
}
