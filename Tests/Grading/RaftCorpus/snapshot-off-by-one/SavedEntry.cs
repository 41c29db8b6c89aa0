using System.Globalization;

namespace SnapshotOffByOneRaft;

/// <summary>
/// A log entry as this Raft saves it (in JSON, with System.Text.Json): its term and its command, tagged with its kind so
/// that it comes back as it went (the tester's commands are integers, which the network may narrow, and strings).
/// </summary>
public sealed record SavedEntry(int Term, string Kind, string? Text)
{
    /// <summary>The entry saved.</summary>
    public static SavedEntry Of(LogEntry entry) => entry.Command switch
    {
        null => new(entry.Term, "null", null),
        string s => new(entry.Term, "string", s),
        sbyte or byte or short or ushort or int or uint or long => new(entry.Term, "long", Convert.ToInt64(entry.Command, CultureInfo.InvariantCulture).ToString(CultureInfo.InvariantCulture)),
        ulong v => new(entry.Term, "ulong", v.ToString(CultureInfo.InvariantCulture)),
        _ => throw new InvalidOperationException("This Raft saves integer and string commands only."),
    };

    /// <summary>The entry restored.</summary>
    public LogEntry ToEntry() => new(Term, Kind switch
    {
        "null" => null,
        "string" => Text,
        "long" => long.Parse(Text!, CultureInfo.InvariantCulture),
        "ulong" => ulong.Parse(Text!, CultureInfo.InvariantCulture),
        _ => throw new InvalidOperationException($"An unknown kind of saved command: {Kind}."),
    });
}
