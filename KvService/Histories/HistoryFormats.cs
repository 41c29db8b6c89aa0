namespace KvService.Histories;

/// <summary>Recognises a history file's format.</summary>
public static class HistoryFormats
{
    /// <summary>
    /// The format of <paramref name="lines"/>, from the first line that is not blank: a Jepsen log
    /// line, or a KV map. A file of nothing but <c>;</c> comments is a KV history with no
    /// operations (what <see cref="KvHistoryWriter"/> writes for an empty history).
    /// </summary>
    /// <exception cref="HistoryFormatException">Neither format (e.g. an empty file).</exception>
    public static HistoryFormat Detect(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var number = 0;
        var comments = false;
        foreach (var line in lines)
        {
            number++;
            var text = line.Trim();
            comments |= text.StartsWith(';');
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
        return comments
            ? HistoryFormat.Kv
            : throw new HistoryFormatException(Math.Max(1, number), "the file holds no history (it is empty)");
    }
}
