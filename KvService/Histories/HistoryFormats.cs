namespace KvService.Histories;

/// <summary>Recognises a history file's format.</summary>
public static class HistoryFormats
{
    /// <summary>The format of <paramref name="lines"/>: a Jepsen log if any line is a jepsen.util event, KV if the first other line is a map.</summary>
    /// <exception cref="HistoryFormatException">Neither format (e.g. an empty file).</exception>
    public static HistoryFormat Detect(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var text = line.Trim();
            if (text.Length == 0 || text.StartsWith(';'))
            {
                continue;
            }
            if (text.StartsWith('{'))
            {
                return HistoryFormat.Kv;
            }
            if (text.Contains("jepsen.util", StringComparison.Ordinal) || text.StartsWith("INFO", StringComparison.Ordinal))
            {
                return HistoryFormat.JepsenRegister;
            }
            throw new HistoryFormatException(number, "not a history this command knows (expected a Jepsen log line or a {:process ...} map)");
        }
        throw new HistoryFormatException(Math.Max(1, number), "the file holds no history (it is empty)");
    }
}
