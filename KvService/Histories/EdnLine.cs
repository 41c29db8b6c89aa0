using System.Globalization;
using System.Text;

namespace KvService.Histories;

/// <summary>
/// Reads and writes the one-line EDN maps of the KV history format: <c>{:k v, :k v}</c> whose values
/// are <c>nil</c>, keywords (<c>:ok</c>), integers or strings with backslash escapes.
/// </summary>
internal static class EdnLine
{
    /// <summary>A keyword value such as <c>:invoke</c>, kept apart from strings.</summary>
    public sealed record Keyword(string Name);

    /// <summary>The map on one line; keys without their colon. Values: null, <see cref="Keyword"/>, long, string.</summary>
    public static Dictionary<string, object?> Parse(string line, int number)
    {
        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        var i = 0;
        SkipSpace(line, ref i);
        Expect(line, ref i, '{', number);
        while (true)
        {
            SkipSpace(line, ref i);
            if (i < line.Length && line[i] == '}')
            {
                i++;
                break;
            }
            if (i >= line.Length || line[i] != ':')
            {
                throw new HistoryFormatException(number, $"expected a :key or '}}' at column {i + 1}");
            }
            var key = ReadName(line, ref i);
            SkipSpace(line, ref i);
            var value = ReadValue(line, ref i, number);
            if (!map.TryAdd(key, value))
            {
                throw new HistoryFormatException(number, $":{key} appears twice");
            }
        }
        SkipSpace(line, ref i);
        if (i < line.Length)
        {
            throw new HistoryFormatException(number, $"unexpected text after '}}' at column {i + 1}");
        }
        return map;
    }

    /// <summary>A string in EDN syntax.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            sb.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                _ => c.ToString(),
            });
        }
        return sb.Append('"').ToString();
    }

    private static object? ReadValue(string line, ref int i, int number)
    {
        if (i >= line.Length)
        {
            throw new HistoryFormatException(number, "a :key has no value");
        }
        var c = line[i];
        if (c == '"')
        {
            return ReadString(line, ref i, number);
        }
        if (c == ':')
        {
            return new Keyword(ReadName(line, ref i));
        }
        var start = i;
        while (i < line.Length && !char.IsWhiteSpace(line[i]) && line[i] != ',' && line[i] != '}')
        {
            i++;
        }
        var token = line[start..i];
        if (token == "nil")
        {
            return null;
        }
        if (long.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }
        throw new HistoryFormatException(number, $"cannot read the value '{token}' at column {start + 1}");
    }

    private static string ReadString(string line, ref int i, int number)
    {
        var sb = new StringBuilder();
        i++; // opening quote
        while (i < line.Length)
        {
            var c = line[i++];
            if (c == '"')
            {
                return sb.ToString();
            }
            if (c != '\\')
            {
                sb.Append(c);
                continue;
            }
            if (i >= line.Length)
            {
                break;
            }
            var e = line[i++];
            sb.Append(e switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                '"' or '\\' => e,
                _ => throw new HistoryFormatException(number, $"unknown escape \\{e} at column {i - 1}"),
            });
        }
        throw new HistoryFormatException(number, "a string is not closed");
    }

    private static string ReadName(string line, ref int i)
    {
        var start = ++i; // skip ':'
        while (i < line.Length && (char.IsLetterOrDigit(line[i]) || line[i] is '-' or '_' or '?' or '!' or '.' or '/'))
        {
            i++;
        }
        return line[start..i];
    }

    private static void SkipSpace(string line, ref int i)
    {
        while (i < line.Length && (char.IsWhiteSpace(line[i]) || line[i] == ','))
        {
            i++;
        }
    }

    private static void Expect(string line, ref int i, char c, int number)
    {
        if (i >= line.Length || line[i] != c)
        {
            throw new HistoryFormatException(number, $"expected '{c}' at column {i + 1}");
        }
        i++;
    }
}
