namespace KvService.Contract;

/// <summary>
/// The client side of the KV service. Each method retries until the server answers, and each Put or
/// Append takes effect exactly once however often the network loses, delays or repeats its messages.
/// One call at a time per clerk.
/// </summary>
public interface IKvClerk
{
    /// <summary>The value of <paramref name="key"/>, or "" if it has none.</summary>
    Task<string> GetAsync(string key);

    /// <summary>Sets <paramref name="key"/> to <paramref name="value"/>.</summary>
    Task PutAsync(string key, string value);

    /// <summary>Appends <paramref name="arg"/> to the value of <paramref name="key"/> and returns the value before.</summary>
    Task<string> AppendAsync(string key, string arg);
}
