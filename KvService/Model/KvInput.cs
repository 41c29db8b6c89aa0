namespace KvService.Model;

/// <summary>What a KV client asked for: an operation on one key, with a value for put and append.</summary>
/// <param name="Op">Get, put or append.</param>
/// <param name="Key">The key.</param>
/// <param name="Value">The value to put or append; "" for get.</param>
public sealed record KvInput(KvOp Op, string Key, string Value)
{
    /// <summary>Get <paramref name="key"/>.</summary>
    public static KvInput Get(string key) => new(KvOp.Get, key, "");

    /// <summary>Put <paramref name="value"/> at <paramref name="key"/>.</summary>
    public static KvInput Put(string key, string value) => new(KvOp.Put, key, value);

    /// <summary>Append <paramref name="value"/> to <paramref name="key"/>.</summary>
    public static KvInput Append(string key, string value) => new(KvOp.Append, key, value);
}
