namespace LabRpc;

/// <summary>
/// Go's <c>sync.Cond</c> for simulated code, paired with an <see cref="AsyncLock"/>: <see cref="WaitAsync"/> lets the
/// lock go, waits for <see cref="Signal"/> or <see cref="Broadcast"/>, and takes the lock again before it returns. As
/// in Go, check the condition in a loop, and a signal with nobody waiting is lost:
/// <code>
/// await using (await mu.LockAsync())
/// {
///     while (queue.Count == 0) await cond.WaitAsync();
///     item = queue.Dequeue();
/// }
/// </code>
/// Woken waiters resume through the simulation's scheduler, each in a step of its own, and take the lock in turn.
/// </summary>
public sealed class Cond
{
    private readonly Queue<TaskCompletionSource> _waiters = new();

    /// <summary>A condition variable whose waiters hold <paramref name="lock"/>.</summary>
    public Cond(AsyncLock @lock)
    {
        ArgumentNullException.ThrowIfNull(@lock);
        L = @lock;
    }

    /// <summary>The lock a waiter holds (Go's <c>c.L</c>).</summary>
    public AsyncLock L { get; }

    /// <summary>How many tasks wait now.</summary>
    public int Waiting => _waiters.Count;

    /// <summary>Unlocks <see cref="L"/>, waits to be signalled, and locks <see cref="L"/> again.</summary>
    /// <exception cref="InvalidOperationException"><see cref="L"/> is not locked.</exception>
    public Task WaitAsync()
    {
        if (!L.IsLocked)
            throw new InvalidOperationException("Cond.WaitAsync without its lock: take it first (await using (await cond.L.LockAsync())).");
        return WaitLockedAsync();
    }

    private async Task WaitLockedAsync()
    {
        var woken = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue(woken); // before unlocking: a signal sent as soon as the lock is free reaches this waiter
        L.Unlock();
        await woken.Task;
        await L.LockAsync();
    }

    /// <summary>Wakes the longest waiter, if any; with none, the signal is lost. The caller need not hold the lock.</summary>
    public void Signal()
    {
        if (_waiters.TryDequeue(out var waiter)) waiter.SetResult();
    }

    /// <summary>Wakes every task that waits now. The caller need not hold the lock.</summary>
    public void Broadcast()
    {
        while (_waiters.TryDequeue(out var waiter)) waiter.SetResult();
    }
}
