namespace LabRpc;

/// <summary>
/// Go's <c>sync.Mutex</c> for simulated code, which may hold it across an <c>await</c> (a C# <c>lock</c> cannot: it is a
/// compile error, and <c>Monitor</c> by hand excludes nothing, since every task of a simulation runs on one thread):
/// <code>
/// await using (await mu.LockAsync())
/// {
///     ... // awaits allowed; other tasks wait in LockAsync
/// }
/// </code>
/// Waiters take the lock in the order they asked for it; each resumes through the simulation's scheduler, in a step of
/// its own on its own node. Like Go's, the lock is not owned by a task: any code may unlock it.
/// </summary>
/// <remarks>A lock belongs to one node's code (a server's state): a waiter whose node is killed would be handed the lock
/// and never give it back.</remarks>
public sealed class AsyncLock
{
    private readonly Queue<TaskCompletionSource<AsyncLockHandle>> _waiters = new();
    private bool _locked;

    /// <summary>Whether some code holds the lock now.</summary>
    public bool IsLocked => _locked;

    /// <summary>Takes the lock: at once if it is free, else when every earlier waiter has had it and let it go.</summary>
    public ValueTask<AsyncLockHandle> LockAsync()
    {
        if (!_locked)
        {
            _locked = true;
            return new ValueTask<AsyncLockHandle>(new AsyncLockHandle(this));
        }
        var waiter = new TaskCompletionSource<AsyncLockHandle>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Enqueue(waiter);
        return new ValueTask<AsyncLockHandle>(waiter.Task);
    }

    /// <summary>Takes the lock if it is free (Go's <c>TryLock</c>).</summary>
    public bool TryLock()
    {
        if (_locked) return false;
        _locked = true;
        return true;
    }

    /// <summary>Lets the lock go: the longest waiter, if any, takes it.</summary>
    /// <exception cref="InvalidOperationException">The lock is not held (Go: "unlock of unlocked mutex").</exception>
    public void Unlock()
    {
        if (!_locked)
            throw new InvalidOperationException("Unlock of an AsyncLock that is not locked: each LockAsync (or TryLock that returned true) is unlocked once.");
        if (_waiters.TryDequeue(out var next)) next.SetResult(new AsyncLockHandle(this)); // handed over: stays locked
        else _locked = false;
    }
}
