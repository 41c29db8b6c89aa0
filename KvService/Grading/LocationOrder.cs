using Microsoft.CodeAnalysis;

namespace KvService.Grading;

/// <summary>Orders diagnostics by file (ordinal), then position, then id and message: an order that does not depend on
/// the order they were found in.</summary>
internal sealed class LocationOrder : IComparer<Diagnostic>
{
    public static LocationOrder Instance { get; } = new();

    public int Compare(Diagnostic? x, Diagnostic? y)
    {
        if (ReferenceEquals(x, y)) return 0;
        if (x is null) return -1;
        if (y is null) return 1;
        var (a, b) = (x.Location, y.Location);
        int byFile = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        if (byFile != 0) return byFile;
        int byPlace = a.SourceSpan.Start.CompareTo(b.SourceSpan.Start);
        if (byPlace != 0) return byPlace;
        int byId = string.CompareOrdinal(x.Id, y.Id);
        return byId != 0 ? byId : string.CompareOrdinal(x.GetMessage(System.Globalization.CultureInfo.InvariantCulture), y.GetMessage(System.Globalization.CultureInfo.InvariantCulture));
    }
}
