using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using KvService.Harness;
using KvService.Scenarios;

namespace KvService.Cli;

/// <summary>
/// The options the commands share, each read by its own parser: a bad value is a parse error that names the option,
/// the value given and the values that are valid (no exception, no .NET type names), so the command exits with 2.
/// </summary>
internal static class OptionParsers
{
    /// <summary>What <c>--check-timeout</c> takes when not given.</summary>
    public static readonly TimeSpan DefaultCheckTimeout = TimeSpan.FromSeconds(60);

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/> (<paramref name="alias"/> "" for none).</summary>
    public static Option<int> Int(string name, string alias, string description, string helpName, int min, int max, int fallback)
    {
        var option = alias.Length == 0 ? new Option<int>(name) : new Option<int>(name, alias);
        option.Description = description;
        option.HelpName = helpName;
        option.DefaultValueFactory = _ => fallback;
        option.CustomParser = r => ParseCount(r, name, min, max, fallback);
        return option;
    }

    /// <summary>A whole number from <paramref name="min"/> to <paramref name="max"/>, or nothing when not given.</summary>
    public static Option<int?> OptionalInt(string name, string alias, string description, string helpName, int min, int max, int example) => new(name, alias)
    {
        Description = description,
        HelpName = helpName,
        CustomParser = r => ParseCount(r, name, min, max, example),
    };

    /// <summary>A seed: a whole number from 0 to <see cref="ulong.MaxValue"/>.</summary>
    public static Option<ulong> Seed(string description, ulong fallback) => new("--seed", "-s")
    {
        Description = description,
        HelpName = "seed",
        DefaultValueFactory = _ => fallback,
        CustomParser = r =>
        {
            var text = Token(r);
            if (ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)) return seed;
            return Fail<ulong>(r, $"--seed: '{text}' is not a seed. Give a whole number from 0 to {ulong.MaxValue} (e.g. 7).");
        },
    };

    /// <summary>An implementation as <see cref="KvImplementations.Resolve(string?)"/> reads it; not empty.</summary>
    public static Option<string?> Implementation(string description) => new("--impl", "-i")
    {
        Description = description,
        HelpName = "impl",
        CustomParser = r =>
        {
            var text = Token(r);
            return string.IsNullOrWhiteSpace(text)
                ? Fail<string?>(r, $"--impl: '{text}' names no implementation. Give 'reference', a type name (Namespace.Type) or path/to/Assembly.dll:Namespace.Type.")
                : text.Trim();
        },
    };

    /// <summary>A path to a file or folder: not empty, and a name the system accepts.</summary>
    public static string? ParsePath(ArgumentResult result, string name, string what)
    {
        var text = Token(result);
        if (string.IsNullOrWhiteSpace(text) || text.IndexOf('\0', StringComparison.Ordinal) >= 0)
            return Fail<string?>(result, $"{name}: '{text}' is not a {what}. Give the path of a {what}.");
        return text;
    }

    /// <summary>An option that takes a path (see <see cref="ParsePath"/>).</summary>
    public static Option<string?> PathOption(string name, string alias, string description, string what) => new(name, alias)
    {
        Description = description,
        HelpName = what,
        CustomParser = r => ParsePath(r, name, what),
    };

    /// <summary>The longest time limit an option takes (a wait longer than about 24 days cannot be set).</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

    /// <summary><c>--check-timeout</c>: how long the linearizability checker may take per run, or "none" for no limit, as
    /// written (the help shows it so); <see cref="Limit"/> reads it.</summary>
    public static Option<string> CheckTimeout() => new("--check-timeout")
    {
        Description = "How long the linearizability checker may take on one run before the run is UNKNOWN (exit code 4): " +
            "e.g. 30s, 500ms, 2m (a plain number is seconds), or none for no limit.",
        HelpName = "time|none",
        DefaultValueFactory = _ => Durations.Format(DefaultCheckTimeout),
        CustomParser = r =>
        {
            ParseTimeout(r, "--check-timeout", allowNone: true);
            return Token(r);
        },
    };

    /// <summary>A <c>--check-timeout</c> as <see cref="RunOptions.CheckTimeout"/> takes it: null for none.</summary>
    public static TimeSpan? Limit(string? checkTimeout)
    {
        if (checkTimeout is null) return DefaultCheckTimeout;
        return checkTimeout.Trim().Equals("none", StringComparison.OrdinalIgnoreCase) ? null
            : Durations.Parse(checkTimeout) ?? throw new ArgumentException($"'{checkTimeout}' is not a duration.", nameof(checkTimeout));
    }

    /// <summary>Reads a duration (or, if <paramref name="allowNone"/>, "none": <see cref="Timeout.InfiniteTimeSpan"/>).</summary>
    public static TimeSpan ParseTimeout(ArgumentResult result, string name, bool allowNone)
    {
        var text = Token(result);
        if (allowNone && text.Trim().Equals("none", StringComparison.OrdinalIgnoreCase)) return Timeout.InfiniteTimeSpan;
        if (Durations.Parse(text) is not { } d)
            return Fail<TimeSpan>(result, $"{name}: '{text}' is not a duration. Give e.g. 30s, 500ms or 2m (a plain number is seconds){(allowNone ? ", or none for no limit" : "")}.");
        return d <= MaxTimeout ? d
            : Fail<TimeSpan>(result, $"{name}: '{text}' is longer than the longest limit, {Durations.Format(MaxTimeout)}{(allowNone ? "; give none for no limit" : "")}.");
    }

    /// <summary>Records <paramref name="message"/> as the parse error of <paramref name="result"/>.</summary>
    public static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    /// <summary>The value given (the option's last token).</summary>
    public static string Token(ArgumentResult result) => result.Tokens.Count > 0 ? result.Tokens[^1].Value : "";

    /// <summary>Reads a whole number from <paramref name="min"/> to <paramref name="max"/>; a parse error names the option, the value and the range.</summary>
    public static int ParseCount(ArgumentResult result, string name, int min, int max, int example)
    {
        var text = Token(result);
        var range = $"a whole number from {N(min)} to {N(max)} (e.g. {N(example)})";
        if (!long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            var digits = text.TrimStart('-', '+');
            return digits.Length > 0 && digits.All(char.IsAsciiDigit)
                ? Fail<int>(result, $"{name}: '{text}' is too large. Give {range}.")
                : Fail<int>(result, $"{name}: '{text}' is not a whole number. Give {range}.");
        }
        if (n < min) return Fail<int>(result, $"{name}: '{text}' is too small. Give {range}.");
        if (n > max) return Fail<int>(result, $"{name}: '{text}' is too large. Give {range}.");
        return (int)n;
    }

    private static string N(long n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
