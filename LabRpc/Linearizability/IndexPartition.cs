namespace LabRpc.Linearizability;

/// <summary>
/// A partition function that can also give its parts as indexes into the history, in history order, so that the
/// checker need not find each operation's index again (<see cref="Partitions.ByKey"/>'s functions are bound to one).
/// </summary>
internal interface IIndexPartition<TInput, TOutput>
{
    /// <summary>The parts, each as ascending indexes into <paramref name="history"/>; every index in exactly one part.</summary>
    List<int[]> Indexes(IReadOnlyList<Operation<TInput, TOutput>> history);
}
