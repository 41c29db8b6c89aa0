namespace LabRpc;

/// <summary>What <see cref="AsyncLock.LockAsync"/> gives: disposing it unlocks the lock
/// (<c>await using (await mu.LockAsync()) { ... }</c>, or <c>using</c>: unlocking never waits).</summary>
public readonly struct AsyncLockHandle : IAsyncDisposable, IDisposable
{
    private readonly AsyncLock? _lock;

    internal AsyncLockHandle(AsyncLock @lock) => _lock = @lock;

    /// <summary>Unlocks the lock.</summary>
    public void Dispose() => _lock?.Unlock();

    /// <summary>Unlocks the lock (completes at once).</summary>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
