namespace KvService.Histories;

/// <summary>An operation on the compare-and-set register.</summary>
/// <param name="Op">Read, write or compare-and-set.</param>
/// <param name="Value">The value written, or the value a CAS expects.</param>
/// <param name="NewValue">The value a CAS sets.</param>
public sealed record RegisterInput(RegisterOp Op, int Value = 0, int NewValue = 0)
{
    /// <summary>A read.</summary>
    public static RegisterInput Read { get; } = new(RegisterOp.Read);

    /// <summary>A write of <paramref name="value"/>.</summary>
    public static RegisterInput Write(int value) => new(RegisterOp.Write, value);

    /// <summary>A CAS from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static RegisterInput Cas(int from, int to) => new(RegisterOp.Cas, from, to);
}
