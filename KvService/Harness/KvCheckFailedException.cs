namespace KvService.Harness;

/// <summary>A check of the KV suite failed: the message says what was seen and what was expected. When
/// <see cref="Unknown"/> is set, nothing was found wrong but the check could not decide: not a pass, and not a failure.</summary>
public sealed class KvCheckFailedException(string message) : Exception(message)
{
    /// <summary>The check could not decide (the linearizability checker ran out of time).</summary>
    public bool Unknown { get; init; }
}
