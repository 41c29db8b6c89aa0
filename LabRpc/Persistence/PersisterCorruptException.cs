namespace LabRpc;

/// <summary>
/// A file-backed persister's log holds damaged bytes that a crash cannot explain (a bad record followed by good ones, or
/// damage in a part that was on stable storage): the persister refuses to open rather than lose or misread data.
/// </summary>
public sealed class PersisterCorruptException : IOException
{
    /// <summary>Reports damage in <paramref name="path"/> at byte <paramref name="offset"/>.</summary>
    public PersisterCorruptException(string path, long offset, string message)
        : base(message)
    {
        FilePath = path;
        Offset = offset;
    }

    /// <summary>The damaged log file.</summary>
    public string FilePath { get; }

    /// <summary>Where in the file the damage starts.</summary>
    public long Offset { get; }
}
