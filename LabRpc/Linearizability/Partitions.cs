namespace LabRpc.Linearizability;

/// <summary>Ready-made partition functions for <see cref="Model{TState, TInput, TOutput}.Partition"/>.</summary>
public static class Partitions
{
    /// <summary>
    /// One part per key: operations on different keys never affect each other, so each key's
    /// operations are checked on their own. Parts come in the order their keys first appear.
    /// </summary>
    public static Func<IReadOnlyList<Operation<TInput, TOutput>>, IEnumerable<IEnumerable<Operation<TInput, TOutput>>>>
        ByKey<TInput, TOutput, TKey>(Func<TInput, TKey> key)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(key);
        return new KeyPartition<TInput, TOutput, TKey>(key).Split;
    }
}
