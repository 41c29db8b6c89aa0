namespace KvService.Model;

/// <summary>
/// What a KV client got back. For get, the value read. For append, the value the key held just
/// before the append (the service returns it), or <c>null</c> if it was not recorded (the
/// reference histories echo the appended text instead, so their parser records none). For put,
/// nothing (<c>null</c>).
/// </summary>
/// <param name="Value">The value read, the old value of an append, or <c>null</c>.</param>
public sealed record KvOutput(string? Value)
{
    /// <summary>No value: the answer to a put, or to an append whose old value was not recorded.</summary>
    public static KvOutput None { get; } = new((string?)null);
}
