namespace KvService.Histories;

/// <summary>The answer of the compare-and-set register.</summary>
/// <param name="Value">What a read saw; <c>null</c> for nil.</param>
/// <param name="Succeeded">Whether a CAS swapped (true for reads and writes).</param>
/// <param name="TimedOut">A read that timed out: it saw nothing, so any state accepts it.</param>
public sealed record RegisterOutput(int? Value = null, bool Succeeded = true, bool TimedOut = false)
{
    /// <summary>The answer to a write.</summary>
    public static RegisterOutput Written { get; } = new();

    /// <summary>A read that timed out.</summary>
    public static RegisterOutput ReadTimedOut { get; } = new(TimedOut: true);

    /// <summary>A read that saw <paramref name="value"/> (<c>null</c>: nil).</summary>
    public static RegisterOutput Read(int? value) => new(value);

    /// <summary>A CAS that swapped or failed.</summary>
    public static RegisterOutput Cas(bool succeeded) => new(Succeeded: succeeded);
}
