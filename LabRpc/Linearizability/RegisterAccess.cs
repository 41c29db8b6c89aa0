namespace LabRpc.Linearizability;

/// <summary>One operation as a string register with put and append sees it (see <see cref="AppendRegister{TInput, TOutput}"/>).</summary>
/// <param name="Kind">Read, put or append.</param>
/// <param name="Argument">The value a put writes, or the token an append adds; <c>null</c> for a read.</param>
/// <param name="Observed">The value a read returned, or the value an append found before it (the old value); <c>null</c>
/// when the operation has no answer, or an append's old value was not recorded.</param>
public readonly record struct RegisterAccess(RegisterAccessKind Kind, string? Argument, string? Observed)
{
    /// <summary>A read that returned <paramref name="value"/> (<c>null</c>: no answer).</summary>
    public static RegisterAccess Read(string? value) => new(RegisterAccessKind.Read, null, value);

    /// <summary>A put of <paramref name="value"/>.</summary>
    public static RegisterAccess Put(string value) => new(RegisterAccessKind.Put, value, null);

    /// <summary>An append of <paramref name="token"/> that found <paramref name="oldValue"/> before it (<c>null</c>: not recorded).</summary>
    public static RegisterAccess Append(string token, string? oldValue) => new(RegisterAccessKind.Append, token, oldValue);
}
