using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Scenarios;

/// <summary>
/// Checks at-most-once directly on the values a run observed: each Append adds a unique token (see
/// <see cref="Workload.Token"/>), so a token may appear at most once in any value read (by a Get, or as an Append's
/// old value, or at the end), and an acknowledged Append's token must be in the final value exactly once, unless a
/// Put to that key may have come after it.
/// </summary>
public static class AtMostOnceChecker
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
        var seen = new HashSet<long>();
        foreach (var op in history)
        {
            if (op.Input.Op == KvOp.Put || op.Output?.Value is not { } value) continue;
            foreach (var (token, count) in Repeated(value, seen))
            {
                var what = op.Input.Op == KvOp.Get ? "the value read by" : "the old value returned to";
                found.Add($"token {token} appears {count} times in {what} {Explanations.Who(op.ClientId, reader)} {KvModel.Describe(op)}, " +
                    $"called at {Explanations.Time(op.Call)}: its Append took effect more than once");
            }
        }
        foreach (var (key, value) in finalValues.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            foreach (var (token, count) in Repeated(value, seen))
                found.Add($"token {token} appears {count} times in the final value of {key}: its Append took effect more than once");
        }

        // An acknowledged Append must be in the final value, unless a Put to its key returned after it was called.
        var lastPut = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var op in history)
        {
            if (op.Input.Op == KvOp.Put) lastPut[op.Input.Key] = Math.Max(lastPut.GetValueOrDefault(op.Input.Key, long.MinValue), op.Return ?? long.MaxValue);
        }
        foreach (var append in history)
        {
            if (append.Input.Op != KvOp.Append || append.Return is not { } returned) continue;
            if (!finalValues.TryGetValue(append.Input.Key, out var final) || final.Contains(append.Input.Value, StringComparison.Ordinal)) continue;
            if (lastPut.TryGetValue(append.Input.Key, out long put) && put > append.Call) continue;
            found.Add($"{Explanations.Who(append.ClientId, reader)} {KvModel.Describe(append)} returned at {Explanations.Time(returned)}, but its token " +
                $"{append.Input.Value} is missing from the final value of {append.Input.Key}: an acknowledged Append was lost");
        }
        return found.Count <= MaxReports ? found : [.. found.Take(MaxReports), $"... and {found.Count - MaxReports} more"];
    }

    /// <summary>The tokens "[client.index]" that appear more than once in <paramref name="value"/>, with their counts.</summary>
    private static List<(string Token, int Count)> Repeated(string value, HashSet<long> seen)
    {
        List<(string, int)>? repeated = null;
        if (value.Length < 10) return []; // two tokens need at least "[0.0][0.0]"
        seen.Clear();
        for (int i = value.IndexOf('['); i >= 0; i = value.IndexOf('[', i + 1))
        {
            if (!TryReadToken(value, i, out long id, out int length) || seen.Add(id)) continue;
            var token = value.Substring(i, length);
            repeated ??= [];
            if (repeated.FindIndex(r => r.Item1 == token) < 0) repeated.Add((token, Count(value, token)));
        }
        return repeated ?? [];
    }

    /// <summary>Reads "[digits.digits]" at <paramref name="start"/> as one number.</summary>
    private static bool TryReadToken(string value, int start, out long id, out int length)
    {
        id = 0;
        length = 0;
        long client = 0, index = 0;
        int i = start + 1, digits = 0;
        for (; i < value.Length && char.IsAsciiDigit(value[i]) && digits < 9; i++, digits++) client = client * 10 + (value[i] - '0');
        if (digits == 0 || i >= value.Length || value[i] != '.') return false;
        digits = 0;
        for (i++; i < value.Length && char.IsAsciiDigit(value[i]) && digits < 9; i++, digits++) index = index * 10 + (value[i] - '0');
        if (digits == 0 || i >= value.Length || value[i] != ']') return false;
        id = (client << 32) | index;
        length = i + 1 - start;
        return true;
    }

    private static int Count(string value, string token)
    {
        int count = 0;
        for (int i = value.IndexOf(token, StringComparison.Ordinal); i >= 0; i = value.IndexOf(token, i + token.Length, StringComparison.Ordinal)) count++;
        return count;
    }

}
