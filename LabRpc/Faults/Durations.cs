using System.Globalization;

namespace LabRpc.Faults;

/// <summary>Durations as people write them: "250ms", "1.5s", "2m".</summary>
public static class Durations
{
    /// <summary>"0ms", "250ms", "1.5s", "90s": milliseconds below a second, seconds from there.</summary>
    public static string Format(TimeSpan t) => t < TimeSpan.FromSeconds(1)
        ? t.TotalMilliseconds.ToString("0.####", CultureInfo.InvariantCulture) + "ms"
        : t.TotalSeconds.ToString("0.#######", CultureInfo.InvariantCulture) + "s";

    /// <summary>Reads 250ms, 1.5s, 2m, 1h or a plain number of seconds; null if it is none of these.</summary>
    public static TimeSpan? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.Trim();
        var (number, unit) = text.EndsWith("ms", StringComparison.Ordinal) ? (text[..^2], 0.001)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('h') ? (text[..^1], 3600.0)
            : (text, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= 0 && n * unit < TimeSpan.MaxValue.TotalSeconds
            ? TimeSpan.FromTicks((long)Math.Round(n * unit * TimeSpan.TicksPerSecond))
            : null;
    }
}
