using static LabRpc.Tests.Runtime.Coordination.Seeded;

namespace LabRpc.Tests.Runtime.Coordination;

public sealed class AsyncLockTests
{
    [Test]
    public void OneHolderAtATimeAcrossAwaitsAndReplays()
    {
        var (most, total, at) = Replayed(9, async sim =>
        {
            var mu = new AsyncLock();
            int inside = 0, most = 0, total = 0;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => sim.Spawn(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    await using (await mu.LockAsync())
                    {
                        most = Math.Max(most, ++inside);
                        int read = total;
                        await sim.Delay(Ms); // a read-modify-write across an await: safe under the lock
                        total = read + 1;
                        inside--;
                    }
                    await Task.Yield();
                }
            })));
            return (most, total, sim.Elapsed);
        });
        Assert.That((most, total, at), Is.EqualTo((1, 12, 12 * Ms)));
    }

    [Test]
    public void WaitersTakeTheLockInTheOrderTheyAsked()
    {
        string order = Replayed(2, async sim =>
        {
            var mu = new AsyncLock();
            var order = new List<int>();
            var holder = await mu.LockAsync();
            var waiters = new List<Task>();
            for (int i = 0; i < 4; i++)
            {
                int me = i;
                waiters.Add(sim.Spawn(async () =>
                {
                    await sim.Delay(me * Ms);
                    using (await mu.LockAsync()) order.Add(me);
                }));
            }
            await sim.Delay(10 * Ms);
            holder.Dispose();
            await Task.WhenAll(waiters);
            return string.Join(",", order);
        });
        Assert.That(order, Is.EqualTo("0,1,2,3"));
    }

    [Test]
    public void TryLockTakesOnlyAFreeLock()
    {
        var mu = new AsyncLock();
        Assert.That(mu.TryLock(), Is.True);
        Assert.That(mu.TryLock(), Is.False);
        mu.Unlock();
        Assert.That(mu.IsLocked, Is.False);
    }

    [Test]
    public void UnlockOfAFreeLockThrows() =>
        Assert.That(() => new AsyncLock().Unlock(), Throws.InvalidOperationException.With.Message.Contains("not locked"));

    [Test]
    public void TwoTasksTakingTwoLocksInOppositeOrderAreReportedAsADeadlock()
    {
        var error = Deadlocks(async sim =>
        {
            var a = new AsyncLock();
            var b = new AsyncLock();
            async Task Both(AsyncLock first, AsyncLock second)
            {
                using (await first.LockAsync())
                {
                    await sim.Delay(Ms);
                    using (await second.LockAsync()) { }
                }
            }
            await Task.WhenAll(sim.Spawn(() => Both(a, b), "a then b"), sim.Spawn(() => Both(b, a), "b then a"));
        });
        Assert.That(error.Message, Does.Contain("task 'a then b'").And.Contain("task 'b then a'"));
    }
}
