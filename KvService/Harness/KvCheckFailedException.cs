namespace KvService.Harness;

/// <summary>A check of the KV suite failed: the message says what was seen and what was expected.</summary>
public sealed class KvCheckFailedException(string message) : Exception(message);
