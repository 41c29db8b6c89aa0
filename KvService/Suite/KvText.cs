using System.Runtime.CompilerServices;
using LabRpc;

namespace KvService.Suite;

/// <summary>Values for the KV checks, and short forms of values for failure messages.</summary>
public static class KvText
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>6.824's randValue: <paramref name="length"/> random letters from <paramref name="random"/>. Not inlined, so
    /// that a caller's frame keeps no reference to the (possibly huge) string once it has passed it on.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static string RandomValue(DeterministicRandom random, int length) =>
        string.Create(length, random, static (span, r) =>
        {
            for (int i = 0; i < span.Length; i += 8)
            {
                ulong bits = r.NextUInt64();
                for (int k = i; k < Math.Min(i + 8, span.Length); k++, bits >>= 8)
                    span[k] = Letters[(int)((bits & 0xFF) % (ulong)Letters.Length)];
            }
        });

    /// <summary>The element client <paramref name="client"/> appends as its <paramref name="n"/>th (6.824's "x c n y").</summary>
    public static string Element(int client, int n) => $"x {client} {n} y";

    /// <summary>A value cut to at most 200 characters, for messages.</summary>
    public static string Short(string? value) =>
        value is null ? "(null)" : value.Length <= 200 ? $"\"{value}\"" : $"\"{value[..100]}...{value[^100..]}\" ({value.Length} chars)";
}
