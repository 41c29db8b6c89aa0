namespace LabRpc.Linearizability;

/// <summary>One part per key, in the order keys first appear (what <see cref="Partitions.ByKey"/> returns, bound to this).</summary>
internal sealed class KeyPartition<TInput, TOutput, TKey>(Func<TInput, TKey> key) : IIndexPartition<TInput, TOutput>
    where TKey : notnull
{
    public IEnumerable<IEnumerable<Operation<TInput, TOutput>>> Split(IReadOnlyList<Operation<TInput, TOutput>> history) =>
        Indexes(history).Select(part => part.Select(i => history[i]));

    public List<int[]> Indexes(IReadOnlyList<Operation<TInput, TOutput>> history)
    {
        var partOf = new Dictionary<TKey, int>();
        var part = new int[history.Count];
        var sizes = new List<int>();
        for (var i = 0; i < history.Count; i++)
        {
            var k = key(history[i].Input);
            if (!partOf.TryGetValue(k, out var p))
            {
                p = sizes.Count;
                partOf.Add(k, p);
                sizes.Add(0);
            }
            part[i] = p;
            sizes[p]++;
        }
        var parts = new List<int[]>(sizes.Count);
        foreach (var size in sizes)
        {
            parts.Add(new int[size]);
        }
        var filled = new int[sizes.Count];
        for (var i = 0; i < part.Length; i++)
        {
            parts[part[i]][filled[part[i]]++] = i;
        }
        return parts;
    }
}
