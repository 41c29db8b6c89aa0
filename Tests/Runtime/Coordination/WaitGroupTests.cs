using static LabRpc.Tests.Runtime.Coordination.Seeded;

namespace LabRpc.Tests.Runtime.Coordination;

public sealed class WaitGroupTests
{
    [Test]
    public void WaitAsyncResumesWhenEveryWorkerIsDoneAndReplays()
    {
        var (finished, at) = Replayed(3, async sim =>
        {
            var wg = new WaitGroup();
            int finished = 0;
            for (int i = 1; i <= 4; i++)
            {
                wg.Add(1);
                int delay = i;
                sim.Go(async () =>
                {
                    await sim.Delay(delay * Ms);
                    finished++;
                    wg.Done();
                });
            }
            await wg.WaitAsync();
            return (finished, sim.Elapsed);
        });
        Assert.That((finished, at), Is.EqualTo((4, 4 * Ms)));
    }

    [Test]
    public void EveryWaiterResumes()
    {
        int resumed = Replayed(5, async sim =>
        {
            var wg = new WaitGroup();
            wg.Add(1);
            int resumed = 0;
            var waiters = Enumerable.Range(0, 3).Select(_ => sim.Spawn(async () =>
            {
                await wg.WaitAsync();
                resumed++;
            })).ToArray();
            await sim.Delay(Ms);
            wg.Done();
            await Task.WhenAll(waiters);
            return resumed;
        });
        Assert.That(resumed, Is.EqualTo(3));
    }

    [Test]
    public void AGroupIsUsedAgainOnceItsCounterIsBackAtZero()
    {
        var rounds = Replayed(7, async sim =>
        {
            var wg = new WaitGroup();
            var ends = new List<TimeSpan>();
            for (int round = 1; round <= 3; round++)
            {
                wg.Add(2);
                for (int w = 0; w < 2; w++)
                {
                    int delay = round * (w + 1);
                    sim.Go(async () =>
                    {
                        await sim.Delay(delay * Ms);
                        wg.Done();
                    });
                }
                await wg.WaitAsync();
                ends.Add(sim.Elapsed);
            }
            return string.Join(",", ends.Select(e => e.TotalMilliseconds));
        });
        Assert.That(rounds, Is.EqualTo("2,6,12"), "each round waits for its own workers only");
    }

    [Test]
    public void WaitAsyncOnAZeroCounterCompletesAtOnce() =>
        Assert.That(new WaitGroup().WaitAsync().IsCompleted, Is.True);

    [Test]
    public void DoneMoreOftenThanAddThrowsAndLeavesTheCounter()
    {
        var wg = new WaitGroup();
        wg.Add(1);
        wg.Done();
        var error = Assert.Throws<InvalidOperationException>(wg.Done)!;
        Assert.That(error.Message, Does.Contain("Negative WaitGroup counter"));
        Assert.That(() => wg.Add(-2), Throws.InvalidOperationException);
        Assert.That(wg.Count, Is.Zero);
    }

    [Test]
    public void AWaitThatNobodyEndsIsReportedAsADeadlock()
    {
        var error = Deadlocks(async sim =>
        {
            var wg = new WaitGroup();
            wg.Add(2);
            sim.Go(() =>
            {
                wg.Done(); // one of the two never says so
                return Task.CompletedTask;
            });
            await wg.WaitAsync();
        });
        Assert.That(error.Message, Does.StartWith("Deadlock"));
    }
}
