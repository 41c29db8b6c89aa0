namespace KvService.Model;

/// <summary>
/// The whole key/value store as one immutable state, for checking without partitioning by key.
/// A key holding "" is the same as a missing key. Values are <see cref="KvValue"/>s, so an append
/// shares the old value; the hash is kept up to date as keys change, so comparing two stores is cheap.
/// </summary>
public sealed class KvStore : IEquatable<KvStore>
{
    private readonly string[] keys;   // sorted, ordinal
    private readonly KvValue[] values; // never empty
    private readonly int hash;

    private KvStore(string[] keys, KvValue[] values, int hash)
    {
        this.keys = keys;
        this.values = values;
        this.hash = hash;
    }

    /// <summary>The store with no keys.</summary>
    public static KvStore Empty { get; } = new([], [], 0);

    /// <summary>How many keys hold a non-empty value.</summary>
    public int Count => keys.Length;

    /// <summary>The value at <paramref name="key"/>, empty if none.</summary>
    public KvValue Get(string key)
    {
        var i = Array.BinarySearch(keys, key, StringComparer.Ordinal);
        return i >= 0 ? values[i] : KvValue.Empty;
    }

    /// <summary>This store with <paramref name="key"/> set to <paramref name="value"/>.</summary>
    public KvStore With(string key, KvValue value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var i = Array.BinarySearch(keys, key, StringComparer.Ordinal);
        if (i >= 0)
        {
            var h = hash - EntryHash(key, values[i]);
            if (value.Length == 0)
            {
                return new KvStore([.. keys[..i], .. keys[(i + 1)..]], [.. values[..i], .. values[(i + 1)..]], h);
            }
            var newValues = (KvValue[])values.Clone();
            newValues[i] = value;
            return new KvStore(keys, newValues, h + EntryHash(key, value));
        }
        if (value.Length == 0)
        {
            return this;
        }
        i = ~i;
        return new KvStore(
            [.. keys[..i], key, .. keys[i..]],
            [.. values[..i], value, .. values[i..]],
            hash + EntryHash(key, value));
    }

    /// <summary>Whether both stores hold the same values at the same keys.</summary>
    public bool Equals(KvStore? other)
    {
        if (ReferenceEquals(this, other))
        {
            return true;
        }
        if (other is null || other.hash != hash || other.keys.Length != keys.Length)
        {
            return false;
        }
        for (var i = 0; i < keys.Length; i++)
        {
            if (!string.Equals(keys[i], other.keys[i], StringComparison.Ordinal)
                || !values[i].Equals(other.values[i]))
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is KvStore other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => hash;

    /// <summary>The store as <c>{k1: "v1", k2: "v2"}</c>.</summary>
    public override string ToString() =>
        "{" + string.Join(", ", keys.Select((k, i) => $"{KvModel.Quote(k)}: {KvModel.Quote(values[i].ToString())}")) + "}";

    private static int EntryHash(string key, KvValue value) =>
        HashCode.Combine(StringComparer.Ordinal.GetHashCode(key), value.GetHashCode());
}
