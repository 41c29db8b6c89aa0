namespace LabRpc.Benchmarks.Real;

/// <summary>Percentiles as Go's load generator takes them: nearest rank in a sorted list.</summary>
internal static class NearestRank
{
    /// <summary>The <paramref name="p"/> (0–1) percentile of <paramref name="sorted"/>: the element of rank ⌈p·n⌉ (at least 1); 0 when empty.</summary>
    public static long Percentile(long[] sorted, double p)
    {
        if (sorted.Length == 0) return 0;
        int rank = (int)Math.Ceiling(p * sorted.Length);
        return sorted[Math.Clamp(rank, 1, sorted.Length) - 1];
    }
}
