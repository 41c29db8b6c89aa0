using static LabRpc.Tests.Runtime.Compatibility.Compat;

namespace LabRpc.Tests.Runtime.Compatibility;

/// <summary>The rows of docs/simulator/concurrency.md for locks, semaphores, events and the like in simulated code.</summary>
public sealed class SynchronizationCompatibilityTests
{
    [Test]
    public void SemaphoreSlimWaitAsyncWorks()
    {
        // Five tasks through a semaphore of two: never more than two inside, and each waits its turn in virtual time.
        var (most, end) = Works(async sim =>
        {
            using var semaphore = new SemaphoreSlim(2);
            int inside = 0, most = 0;
            await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => sim.Spawn(async () =>
            {
                await semaphore.WaitAsync();
                most = Math.Max(most, ++inside);
                await sim.Delay(10 * Ms);
                inside--;
                semaphore.Release();
            })));
            return (most, sim.Elapsed);
        });
        Assert.That((most, end), Is.EqualTo((2, 30 * Ms)));
    }

    [Test]
    public void SemaphoreSlimWaitAsyncNeverReleasedIsReportedAsADeadlock()
    {
        var error = Fails<SimulationDeadlockException>(async sim =>
        {
            using var semaphore = new SemaphoreSlim(0);
            await semaphore.WaitAsync();
        });
        Assert.That(error.Message, Does.Contain("semaphore never released"));
    }

    [Test]
    public void SemaphoreSlimWaitAsyncWithATimeoutEscapesEvenWhenReleasedInTime()
    {
        // With a timeout the runtime waits in an async method of its own that resumes on the thread pool, then hands the
        // caller's continuation back from there.
        using var semaphore = new SemaphoreSlim(0);
        Task<bool>? wait = null;
        Fails<SimulationEscapeException>(async sim =>
        {
            sim.Go(async () =>
            {
                await sim.Delay(Ms);
                semaphore.Release();
            });
            wait = semaphore.WaitAsync(TimeSpan.FromSeconds(5));
            await wait;
        });
        WaitFor(wait);
    }

    [Test]
    public void SemaphoreSlimWaitAsyncWithACancellationTokenEscapesEvenWithSimTime()
    {
        using var semaphore = new SemaphoreSlim(0);
        Task? wait = null;
        Fails<SimulationEscapeException>(async sim =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), sim.Time);
            sim.Go(async () =>
            {
                await sim.Delay(Ms);
                semaphore.Release();
            });
            wait = semaphore.WaitAsync(timeout.Token);
            await wait;
        });
        WaitFor(wait);
    }

    [Test]
    public void ABoundedChannelWithSelectIsASemaphoreWithATimeoutThatWorks()
    {
        // What to use instead: a bounded channel of the semaphore's count; a write takes a slot, a read gives it back, and
        // a select's send case with a timeout is WaitAsync(timeout).
        var (first, second, at) = Works(async sim =>
        {
            var slots = SimChannel.CreateBounded<bool>(1);
            bool first = await Select.On(sim).Send(slots.Writer, true).Timeout(TimeSpan.FromSeconds(1)) == 0;
            bool second = await Select.On(sim).Send(slots.Writer, true).Timeout(TimeSpan.FromSeconds(1)) == 0;
            return (first, second, sim.Elapsed);
        });
        Assert.That((first, second, at), Is.EqualTo((true, false, TimeSpan.FromSeconds(1))), "the second waits a virtual second and times out");
    }

    [Test]
    public void SemaphoreSlimWaitIsReportedAsBlocking()
    {
        using var semaphore = new SemaphoreSlim(0);
        using var resumed = new ManualResetEventSlim();
        var error = Fails<SimulationBlockedException>(sim =>
        {
            semaphore.Wait(); // nothing else of the simulation can run to release it
            resumed.Set();
            return Task.CompletedTask;
        });
        Assert.That(error.WaitedOutStallTimeout, Is.True);
        semaphore.Release(); // lets the abandoned step go
        WaitFor(resumed);
    }

    [Test]
    public void LockWithoutAnAwaitWorks()
    {
        int total = Works(async sim =>
        {
            var gate = new object();
            int counter = 0;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => sim.Spawn(async () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    lock (gate) counter++;
                    await Task.Yield();
                }
            })));
            return counter;
        });
        Assert.That(total, Is.EqualTo(20));
    }

    [Test]
    public void MonitorHeldAcrossAnAwaitExcludesNothing()
    {
        // `lock` around an await does not compile (CS1996). Monitor.Enter/Exit by hand around one does, and then excludes
        // nothing: every task of the simulation runs on its one thread, and a Monitor lets its owner thread in again.
        int most = Works(async sim =>
        {
            var gate = new object();
            int inside = 0, most = 0;
            await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => sim.Spawn(async () =>
            {
                Monitor.Enter(gate);
                most = Math.Max(most, ++inside);
                await sim.Delay(Ms);
                inside--;
                Monitor.Exit(gate);
            })));
            return most;
        });
        Assert.That(most, Is.EqualTo(3), "all three were inside at once");
    }

    [Test]
    public void MonitorWaitIsReportedAsBlocking()
    {
        var gate = new object();
        using var resumed = new ManualResetEventSlim();
        bool pulsed = false;
        Fails<SimulationBlockedException>(sim =>
        {
            lock (gate)
            {
                while (!pulsed) Monitor.Wait(gate);
            }
            resumed.Set();
            return Task.CompletedTask;
        });
        lock (gate)
        {
            pulsed = true;
            Monitor.PulseAll(gate);
        }
        WaitFor(resumed);
    }

    [Test]
    public void ManualResetEventSlimWaitIsReportedAsBlocking()
    {
        using var ready = new ManualResetEventSlim();
        using var resumed = new ManualResetEventSlim();
        Fails<SimulationBlockedException>(sim =>
        {
            sim.Go(() =>
            {
                ready.Set(); // never runs: the simulation's thread is blocked below
                return Task.CompletedTask;
            });
            ready.Wait();
            resumed.Set();
            return Task.CompletedTask;
        });
        ready.Set();
        WaitFor(resumed);
    }

    [Test]
    public void CountdownEventWaitIsReportedAsBlocking()
    {
        using var countdown = new CountdownEvent(1);
        using var resumed = new ManualResetEventSlim();
        Fails<SimulationBlockedException>(sim =>
        {
            sim.Go(() =>
            {
                countdown.Signal();
                return Task.CompletedTask;
            });
            countdown.Wait();
            resumed.Set();
            return Task.CompletedTask;
        });
        countdown.Signal();
        WaitFor(resumed);
    }

    [Test]
    public void BarrierSignalAndWaitIsReportedAsBlocking()
    {
        using var barrier = new Barrier(2);
        using var resumed = new ManualResetEventSlim();
        Fails<SimulationBlockedException>(sim =>
        {
            sim.Go(() =>
            {
                barrier.SignalAndWait();
                return Task.CompletedTask;
            });
            barrier.SignalAndWait();
            resumed.Set();
            return Task.CompletedTask;
        });
        barrier.SignalAndWait(Cleanup); // the second participant, from here
        WaitFor(resumed);
    }

    [Test]
    public void TaskResultOfAnUnfinishedTaskIsReportedAsBlockingAtOnce()
    {
        var never = new TaskCompletionSource<int>();
        using var resumed = new ManualResetEventSlim();
        var error = Fails<SimulationBlockedException>(sim =>
        {
            _ = never.Task.Result;
            resumed.Set();
            return Task.CompletedTask;
        });
        Assert.That(error.WaitedOutStallTimeout, Is.False, "strict detection saw it without waiting out the stall timeout");
        never.SetResult(1);
        WaitFor(resumed);
    }

    [Test]
    public void InterlockedWorks()
    {
        long total = Works(async sim =>
        {
            long counter = 0;
            await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => sim.Spawn(async () =>
            {
                for (int i = 0; i < 5; i++)
                {
                    Interlocked.Increment(ref counter);
                    await sim.Delay(sim.Random.Next(3) * Ms);
                }
            })));
            return Interlocked.Read(ref counter);
        });
        Assert.That(total, Is.EqualTo(20));
    }

    [Test]
    public void LazyWorks()
    {
        var (value, made) = Works(async sim =>
        {
            int made = 0;
            var lazy = new Lazy<int>(() => ++made * 42);
            var values = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
            {
                await sim.Delay(sim.Random.Next(3) * Ms);
                return lazy.Value;
            }));
            return (values.Distinct().Single(), made);
        });
        Assert.That((value, made), Is.EqualTo((42, 1)));
    }
}
