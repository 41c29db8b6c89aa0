namespace LabRpc;

/// <summary>
/// A node's stable storage: named byte records that survive the node's crashes (6.824's persister, with
/// records so that a server can save one key without rewriting everything). Writes are durable at once.
/// </summary>
public sealed class Persister
{
    private readonly Dictionary<string, byte[]> _records = new(StringComparer.Ordinal);

    /// <summary>Total bytes held, over all records.</summary>
    public long Size { get; private set; }

    /// <summary>Number of writes and removals so far.</summary>
    public long Writes { get; private set; }

    /// <summary>Bytes written so far (the cost of persisting, for measurements).</summary>
    public long BytesWritten { get; private set; }

    /// <summary>The names of the records held.</summary>
    public IEnumerable<string> Keys => _records.Keys;

    /// <summary>Number of records held.</summary>
    public int Count => _records.Count;

    /// <summary>Stores a copy of <paramref name="data"/> under <paramref name="key"/>, replacing what was there.</summary>
    public void Write(string key, ReadOnlySpan<byte> data)
    {
        byte[] copy = data.ToArray();
        if (_records.TryGetValue(key, out byte[]? old)) Size -= old.Length;
        _records[key] = copy;
        Size += copy.Length;
        Writes++;
        BytesWritten += copy.Length;
    }

    /// <summary>A copy of the record under <paramref name="key"/>, or null if there is none.</summary>
    public byte[]? Read(string key) => _records.TryGetValue(key, out byte[]? data) ? (byte[])data.Clone() : null;

    /// <summary>Removes the record under <paramref name="key"/>; false if there was none.</summary>
    public bool Remove(string key)
    {
        if (!_records.Remove(key, out byte[]? old)) return false;
        Size -= old.Length;
        Writes++;
        return true;
    }

    /// <summary>6.824's single-blob form: replaces the state record.</summary>
    public void SaveState(ReadOnlySpan<byte> state) => Write("", state);

    /// <summary>6.824's single-blob form: the state record, empty if none was saved.</summary>
    public byte[] ReadState() => Read("") ?? [];

    /// <summary>An independent copy holding the same records.</summary>
    public Persister Copy()
    {
        var copy = new Persister();
        foreach (var (key, data) in _records) copy._records[key] = data;
        copy.Size = Size;
        return copy;
    }
}
