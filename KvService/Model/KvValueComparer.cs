using System.Runtime.InteropServices;

namespace KvService.Model;

/// <summary>
/// Ordinal equality for KV values, with a hash that reads the length and at most 32 characters
/// at each end. Values built by appends grow long, and the checker hashes a state at every step:
/// this keeps that cost constant, while the last append (at the end) still tells most values apart.
/// </summary>
public sealed class KvValueComparer : IEqualityComparer<string>
{
    private const int Edge = 32;

    /// <summary>The one instance.</summary>
    public static KvValueComparer Instance { get; } = new();

    private KvValueComparer()
    {
    }

    /// <inheritdoc/>
    public bool Equals(string? x, string? y) => string.Equals(x, y, StringComparison.Ordinal);

    /// <inheritdoc/>
    public int GetHashCode(string obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var span = obj.AsSpan();
        if (span.Length <= 2 * Edge)
        {
            return string.GetHashCode(span, StringComparison.Ordinal);
        }
        var hash = new HashCode();
        hash.Add(span.Length);
        hash.AddBytes(MemoryMarshal.AsBytes(span[..Edge]));
        hash.AddBytes(MemoryMarshal.AsBytes(span[^Edge..]));
        return hash.ToHashCode();
    }
}
