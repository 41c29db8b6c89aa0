using System.Globalization;

namespace KvService.Scenarios;

/// <summary>A range of whole numbers, both ends included: "3" or "1-5" on a command line.</summary>
/// <param name="Min">The smallest value.</param>
/// <param name="Max">The largest value.</param>
public readonly record struct IntRange(int Min, int Max)
{
    /// <summary>A uniform draw from the range.</summary>
    public int Draw(LabRpc.DeterministicRandom random)
    {
        ArgumentNullException.ThrowIfNull(random);
        return random.Next(Min, Max + 1);
    }

    /// <summary>Reads "3" or "1-5"; null if it is neither, or empty, or below <paramref name="lowest"/>.</summary>
    public static IntRange? Parse(string text, int lowest = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = text.Split('-', 2, StringSplitOptions.TrimEntries);
        if (!int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int min)) return null;
        int max = min;
        if (parts.Length == 2 && !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out max)) return null;
        return min >= lowest && max >= min ? new IntRange(min, max) : null;
    }

    /// <inheritdoc/>
    public override string ToString() => Min == Max ? Min.ToString(CultureInfo.InvariantCulture) : $"{Min}-{Max}";
}
