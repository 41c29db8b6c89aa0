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
        return history =>
        {
            var parts = new Dictionary<TKey, List<Operation<TInput, TOutput>>>();
            var order = new List<List<Operation<TInput, TOutput>>>();
            foreach (var operation in history)
            {
                var k = key(operation.Input);
                if (!parts.TryGetValue(k, out var part))
                {
                    part = [];
                    parts.Add(k, part);
                    order.Add(part);
                }
                part.Add(operation);
            }
            return order;
        };
    }
}
