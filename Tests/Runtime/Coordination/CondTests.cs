using static LabRpc.Tests.Runtime.Coordination.Seeded;

namespace LabRpc.Tests.Runtime.Coordination;

public sealed class CondTests
{
    [Test]
    public void AProducerAndConsumersHandOverEveryItemAndReplay()
    {
        string got = Replayed(4, async sim =>
        {
            var mu = new AsyncLock();
            var cond = new Cond(mu);
            var queue = new Queue<int>();
            var got = new List<string>();
            var consumers = Enumerable.Range(0, 3).Select(c => sim.Spawn(async () =>
            {
                for (int i = 0; i < 2; i++)
                {
                    await using (await mu.LockAsync())
                    {
                        while (queue.Count == 0) await cond.WaitAsync();
                        got.Add($"{c}:{queue.Dequeue()}");
                    }
                }
            })).ToArray();
            for (int i = 0; i < 6; i++)
            {
                await sim.Delay(sim.Random.Next(3) * Ms);
                await using (await mu.LockAsync())
                {
                    queue.Enqueue(i);
                    cond.Signal();
                }
            }
            await Task.WhenAll(consumers);
            return string.Join(",", got);
        });
        Assert.That(got.Split(',').Select(x => int.Parse(x[2..])).Order(), Is.EqualTo(Enumerable.Range(0, 6)));
    }

    [Test]
    public void WaitAsyncLetsTheLockGoAndHoldsItAgainWhenItReturns()
    {
        var (freeWhileWaiting, heldAfter) = Replayed(1, async sim =>
        {
            var mu = new AsyncLock();
            var cond = new Cond(mu);
            bool free = false;
            sim.Go(async () =>
            {
                await sim.Delay(Ms);
                free = mu.TryLock(); // the waiter let it go
                cond.Signal();
                mu.Unlock();
            });
            await mu.LockAsync();
            await cond.WaitAsync();
            bool held = mu.IsLocked;
            mu.Unlock();
            return (free, held);
        });
        Assert.That((freeWhileWaiting, heldAfter), Is.EqualTo((true, true)));
    }

    [Test]
    public void ASignalWithNobodyWaitingIsLost()
    {
        var error = Deadlocks(async sim =>
        {
            var mu = new AsyncLock();
            var cond = new Cond(mu);
            cond.Signal(); // nobody waits yet: lost
            await using (await mu.LockAsync()) await cond.WaitAsync(); // so this waits forever
        });
        Assert.That(error.Message, Does.StartWith("Deadlock"));
    }

    [Test]
    public void SignalWakesOneAndBroadcastWakesAll()
    {
        var (afterSignal, afterBroadcast) = Replayed(6, async sim =>
        {
            var mu = new AsyncLock();
            var cond = new Cond(mu);
            int woken = 0;
            for (int i = 0; i < 4; i++)
            {
                sim.Go(async () =>
                {
                    await using (await mu.LockAsync())
                    {
                        await cond.WaitAsync();
                        woken++;
                    }
                });
            }
            await sim.Delay(Ms);
            cond.Signal();
            await sim.Delay(Ms);
            int afterSignal = woken;
            cond.Broadcast();
            await sim.Delay(Ms);
            return (afterSignal, woken);
        });
        Assert.That((afterSignal, afterBroadcast), Is.EqualTo((1, 4)));
    }

    [Test]
    public void WaitAsyncWithoutTheLockThrows()
    {
        var cond = new Cond(new AsyncLock());
        Assert.That(cond.WaitAsync, Throws.InvalidOperationException.With.Message.Contains("without its lock"));
    }
}
