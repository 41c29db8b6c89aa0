using System.Text.RegularExpressions;
using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Scenarios;

/// <summary>
/// Checks at-most-once directly on the values a run observed: each Append adds a unique token (see
/// <see cref="Workload.Token"/>), so a token may appear at most once in any value read (by a Get, or as an Append's
/// old value, or at the end), and an acknowledged Append's token must be in the final value exactly once, unless a
/// Put to that key may have come after it.
/// </summary>
public static partial class AtMostOnceChecker
{
    private const int MaxReports = 5;

    /// <summary>
    /// The violations in <paramref name="history"/>, given the value of each key at the end (<paramref name="finalValues"/>;
    /// a key missing from it is not checked at the end). Operations of <paramref name="reader"/>, if given, are called
    /// "the final read" in messages.
    /// </summary>
    public static IReadOnlyList<string> Check(
        IReadOnlyList<Operation<KvInput, KvOutput>> history, IReadOnlyDictionary<string, string> finalValues, int reader = -1)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(finalValues);
        var found = new List<string>();
        foreach (var op in history)
        {
            if (op.Input.Op == KvOp.Put || op.Output?.Value is not { } value) continue;
            foreach (var (token, count) in Repeated(value))
            {
                var what = op.Input.Op == KvOp.Get ? "the value read by" : "the old value returned to";
                found.Add($"token {token} appears {count} times in {what} {Who(op.ClientId, reader)} {KvModel.Describe(op)}, " +
                    $"called at {Time(op.Call)}: its Append took effect more than once");
            }
        }
        foreach (var (key, value) in finalValues.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var (token, count) in Repeated(value))
                found.Add($"token {token} appears {count} times in the final value of {key}: its Append took effect more than once");
        }
        foreach (var append in history)
        {
            if (append.Input.Op != KvOp.Append || append.Return is not { } returned) continue;
            if (!finalValues.TryGetValue(append.Input.Key, out var final) || final.Contains(append.Input.Value, StringComparison.Ordinal)) continue;
            bool overwritten = history.Any(op => op.Input.Op == KvOp.Put && op.Input.Key == append.Input.Key && (op.Return ?? long.MaxValue) > append.Call);
            if (!overwritten)
            {
                found.Add($"{Who(append.ClientId, reader)} {KvModel.Describe(append)} returned at {Time(returned)}, but its token " +
                    $"{append.Input.Value} is missing from the final value of {append.Input.Key}: an acknowledged Append was lost");
            }
        }
        return found.Count <= MaxReports ? found : [.. found.Take(MaxReports), $"... and {found.Count - MaxReports} more"];
    }

    private static IEnumerable<(string Token, int Count)> Repeated(string value)
    {
        if (value.Length < 10) yield break; // two tokens need at least "[0.0][0.0]"
        Dictionary<string, int>? counts = null;
        foreach (Match m in TokenPattern().Matches(value))
        {
            counts ??= new Dictionary<string, int>(StringComparer.Ordinal);
            counts[m.Value] = counts.GetValueOrDefault(m.Value) + 1;
        }
        if (counts is null) yield break;
        foreach (var (token, count) in counts)
            if (count > 1) yield return (token, count);
    }

    /// <summary>"client 2's", or "the final read" for the reader.</summary>
    internal static string Who(int client, int reader) => client == reader ? "the final read" : $"client {client}'s";

    private static string Time(long nanoseconds) => Durations.Format(TimeSpan.FromTicks(nanoseconds / 100));

    [GeneratedRegex(@"\[\d+\.\d+\]", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();
}
