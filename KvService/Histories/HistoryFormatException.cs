namespace KvService.Histories;

/// <summary>A history file that could not be read, with the line at fault.</summary>
public sealed class HistoryFormatException : FormatException
{
    /// <summary>An error at <paramref name="lineNumber"/> (1-based).</summary>
    public HistoryFormatException(int lineNumber, string message)
        : base($"line {lineNumber}: {message}")
    {
        LineNumber = lineNumber;
    }

    /// <summary>Creates the exception with no line (line 0).</summary>
    public HistoryFormatException()
        : this(0, "unreadable history")
    {
    }

    /// <summary>Creates the exception with no line (line 0).</summary>
    public HistoryFormatException(string message)
        : this(0, message)
    {
    }

    /// <summary>Creates the exception with no line (line 0).</summary>
    public HistoryFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The 1-based line number of what could not be read.</summary>
    public int LineNumber { get; }
}
