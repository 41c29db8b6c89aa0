namespace LabRpc.Tests.Runtime;

public sealed class VirtualTimeTests
{
    [Test]
    public void LongDelayFailureCostsVirtualTimeNotWallTime()
    {
        using var sim = new Simulation(3);
        var net = new Network(sim) { LongDelays = true };
        var end = net.MakeEnd("e", "nowhere");
        TimeSpan longest = TimeSpan.Zero;
        sim.Run(async () =>
        {
            for (int i = 0; i < 200; i++)
            {
                var before = sim.Elapsed;
                var (ok, _) = await end.Call<int>("X.Y", 1);
                Assert.That(ok, Is.False);
                var took = sim.Elapsed - before;
                Assert.That(took, Is.LessThan(TimeSpan.FromSeconds(7)));
                if (took > longest) longest = took;
            }
        });
        // 200 draws from 0..6999 ms: the longest is well past six seconds; all of it virtual.
        Assert.That(longest, Is.GreaterThan(TimeSpan.FromSeconds(6)));
        Assert.That(sim.Elapsed, Is.GreaterThan(TimeSpan.FromSeconds(200)));
    }

    [Test]
    public void TaskDelayWithTheSimulationsTimeProviderIsVirtual()
    {
        using var sim = new Simulation(1);
        sim.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMinutes(45), sim.Time);
            Assert.That(sim.Elapsed, Is.EqualTo(TimeSpan.FromMinutes(45)));
            Assert.That(sim.Now, Is.EqualTo(new DateTimeOffset(2000, 1, 1, 0, 45, 0, TimeSpan.Zero)));
            Assert.That(sim.Time.GetUtcNow(), Is.EqualTo(sim.Now));
        });
    }

    [Test]
    public void PeriodicTimerTicksInVirtualTime()
    {
        using var sim = new Simulation(1);
        var ticks = new List<TimeSpan>();
        sim.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(100), sim.Time);
            for (int i = 0; i < 5; i++)
            {
                await timer.WaitForNextTickAsync();
                ticks.Add(sim.Elapsed);
            }
        });
        Assert.That(ticks, Is.EqualTo(Enumerable.Range(1, 5).Select(i => TimeSpan.FromMilliseconds(100 * i))));
    }

    [Test]
    public void CancellationTokenSourceWithTheTimeProviderCancelsInVirtualTime()
    {
        using var sim = new Simulation(1);
        sim.Run(async () =>
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5), sim.Time);
            var never = new TaskCompletionSource();
            bool cancelled = false;
            try
            {
                await never.Task.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }
            Assert.That(cancelled, Is.True);
            Assert.That(sim.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(5)));
        });
    }

    [Test]
    public void WaitAsyncWithTheTimeProviderTimesOutInVirtualTime()
    {
        using var sim = new Simulation(1);
        sim.Run(async () =>
        {
            var never = new TaskCompletionSource();
            bool timedOut = false;
            try
            {
                await never.Task.WaitAsync(TimeSpan.FromSeconds(3), sim.Time);
            }
            catch (TimeoutException)
            {
                timedOut = true;
            }
            Assert.That(timedOut, Is.True);
            Assert.That(sim.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(3)));
        });
    }

    [Test]
    public void ADisposedTimerNeverFires()
    {
        using var sim = new Simulation(1);
        int fired = 0;
        sim.Run(async () =>
        {
            var timer = sim.Time.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
            timer.Dispose();
            await sim.Delay(TimeSpan.FromSeconds(2));
        });
        Assert.That(fired, Is.Zero);
    }

    [Test]
    public void TimeStandsStillWhileWorkIsRunnable()
    {
        using var sim = new Simulation(1);
        sim.Run(async () =>
        {
            for (int i = 0; i < 1000; i++) await Task.Yield();
            Assert.That(sim.Elapsed, Is.EqualTo(TimeSpan.Zero));
        });
    }
}
