namespace LabRpc;

/// <summary>
/// Go's <c>sync.WaitGroup</c> for simulated code: <see cref="Add"/> before starting work, <see cref="Done"/> when a piece
/// of it ends, and <c>await wg.WaitAsync()</c> until the counter is back at zero. Waiters resume through the
/// simulation's scheduler (each in a step of its own, on its own node); nothing runs on the thread pool. A group can be
/// used again once its counter is back at zero.
/// </summary>
public sealed class WaitGroup
{
    private TaskCompletionSource? _zero; // the waiters of the current round; null while nobody waits
    private int _count;

    /// <summary>The counter: pieces of work added and not yet done.</summary>
    public int Count => _count;

    /// <summary>Adds <paramref name="delta"/> (which may be negative) to the counter; at zero, every waiter resumes.</summary>
    /// <exception cref="InvalidOperationException">The counter would go below zero (Go panics: "negative WaitGroup
    /// counter"); the counter is left as it was.</exception>
    public void Add(int delta)
    {
        long next = (long)_count + delta;
        if (next < 0)
            throw new InvalidOperationException(
                $"Negative WaitGroup counter: {delta} added to {_count}. Done was called more often than Add counted; call Add " +
                "before starting each piece of work, and Done once when it ends.");
        if (next > int.MaxValue) throw new OverflowException($"WaitGroup counter overflow: {delta} added to {_count}.");
        _count = (int)next;
        if (_count == 0 && _zero is { } waiters)
        {
            _zero = null; // the next round gets new waiters
            waiters.SetResult();
        }
    }

    /// <summary>One piece of work ended: <c>Add(-1)</c>.</summary>
    /// <exception cref="InvalidOperationException">The counter is already zero.</exception>
    public void Done() => Add(-1);

    /// <summary>A task that completes when the counter is zero (at once if it is zero now).</summary>
    public Task WaitAsync()
    {
        if (_count == 0) return Task.CompletedTask;
        _zero ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return _zero.Task;
    }
}
