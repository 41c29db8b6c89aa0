using System.Runtime.CompilerServices;
using System.Threading.Channels;
using static LabRpc.Tests.Runtime.Compatibility.Compat;

namespace LabRpc.Tests.Runtime.Compatibility;

/// <summary>The rows of docs/simulator/concurrency.md for tasks, task sources, value tasks and async streams in simulated code.</summary>
public sealed class TaskCompatibilityTests
{
    [Test]
    public void TaskCompletionSourceWorksAndResumesTheWaiterInsideSetResult()
    {
        string order = Works(async sim =>
        {
            var done = new TaskCompletionSource<int>();
            var log = new List<string>();
            var waiter = sim.Spawn(async () => log.Add($"got {await done.Task}"));
            await sim.Delay(Ms);
            log.Add("before");
            done.SetResult(1); // the waiter, on this node, runs here, inside SetResult
            log.Add("after");
            await waiter;
            return string.Join(",", log);
        });
        Assert.That(order, Is.EqualTo("before,got 1,after"));
    }

    [Test]
    public void TaskCompletionSourceWithRunContinuationsAsynchronouslyWorksAndResumesTheWaiterInAStepOfItsOwn()
    {
        string order = Works(async sim =>
        {
            var done = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
            var log = new List<string>();
            var waiter = sim.Spawn(async () => log.Add($"got {await done.Task}"));
            await sim.Delay(Ms);
            log.Add("before");
            done.SetResult(1);
            log.Add("after");
            await waiter;
            return string.Join(",", log);
        });
        Assert.That(order, Is.EqualTo("before,after,got 1"));
    }

    [Test]
    public void ValueTaskWorks()
    {
        int total = Works(async sim =>
        {
            async ValueTask<int> Twice(int x)
            {
                await sim.Delay(Ms);
                return 2 * x;
            }
            var channel = Channel.CreateUnbounded<int>();
            sim.Go(async () =>
            {
                await sim.Delay(2 * Ms);
                channel.Writer.TryWrite(10);
            });
            return await Twice(1) + await channel.Reader.ReadAsync(); // a ValueTask backed by the channel's own source
        });
        Assert.That(total, Is.EqualTo(12));
    }

    [Test]
    public void ValueTaskAsTaskOfAPendingChannelOperationEscapes()
    {
        // AsTask() on a channel's pending operation: the channel completes that task from the thread pool.
        var channel = Channel.CreateUnbounded<int>();
        Task<int>? read = null;
        Fails<SimulationEscapeException>(async sim =>
        {
            sim.Go(async () =>
            {
                await sim.Delay(Ms);
                channel.Writer.TryWrite(1);
            });
            read = channel.Reader.ReadAsync().AsTask();
            await read;
        });
        WaitFor(read);
    }

    [Test]
    public void AsyncEnumerableWorks()
    {
        string items = Works(async sim =>
        {
            async IAsyncEnumerable<string> Ticks([EnumeratorCancellation] CancellationToken cancel = default)
            {
                for (int i = 0; i < 3; i++)
                {
                    await Task.Delay(sim.Random.Next(1, 4) * Ms, sim.Time, cancel);
                    yield return $"{i}@{sim.Elapsed.TotalMilliseconds}";
                }
            }
            var both = new List<string>();
            await Task.WhenAll(Enumerable.Range(0, 2).Select(c => sim.Spawn(async () =>
            {
                await foreach (string tick in Ticks()) both.Add($"{c}:{tick}");
            })));
            return string.Join(",", both);
        });
        Assert.That(items.Split(','), Has.Length.EqualTo(6));
    }

    [Test]
    public void TaskWhenAllWorks()
    {
        var (sum, at) = Works(async sim =>
        {
            var parts = await Task.WhenAll(Enumerable.Range(1, 3).Select(async i =>
            {
                await sim.Delay(i * Ms);
                return i;
            }));
            return (parts.Sum(), sim.Elapsed);
        });
        Assert.That((sum, at), Is.EqualTo((6, 3 * Ms)), "done when the slowest is");
    }

    [Test]
    public void TaskWhenAnyWorks()
    {
        var (first, at) = Works(async sim =>
        {
            var slow = sim.Delay(5 * Ms).ContinueWith(_ => "slow", TaskScheduler.Current);
            var fast = Task.Delay(2 * Ms, sim.Time).ContinueWith(_ => "fast", TaskScheduler.Current);
            var winner = await Task.WhenAny(slow, fast);
            return (await winner, sim.Elapsed);
        });
        Assert.That((first, at), Is.EqualTo(("fast", 2 * Ms)));
    }

    [Test]
    public void TaskYieldWorks()
    {
        string order = Works(async sim =>
        {
            var log = new List<string>();
            await Task.WhenAll(Enumerable.Range(0, 3).Select(t => sim.Spawn(async () =>
            {
                for (int i = 0; i < 3; i++)
                {
                    log.Add($"{t}.{i}");
                    await Task.Yield(); // lets the others run: the seed decides in which order
                }
            })));
            return string.Join(",", log);
        });
        Assert.That(order.Split(','), Has.Length.EqualTo(9));
    }

    [Test]
    public void TaskDelayWithSimTimeWorks()
    {
        var at = Works(async sim =>
        {
            await Task.Delay(TimeSpan.FromSeconds(7), sim.Time);
            return sim.Elapsed;
        });
        Assert.That(at, Is.EqualTo(TimeSpan.FromSeconds(7)));
    }

    [Test]
    public void SimDelayWorks()
    {
        var at = Works(async sim =>
        {
            await Task.WhenAll(sim.Delay(3 * Ms), sim.Spawn(() => sim.Delay(5 * Ms)));
            return sim.Elapsed;
        });
        Assert.That(at, Is.EqualTo(5 * Ms));
    }

    [Test]
    public void TaskDelayWithoutATimeProviderEscapes()
    {
        Task? delay = null;
        var error = Fails<SimulationEscapeException>(async sim =>
        {
            delay = Task.Delay(RealTimer); // a real timer: real time passes, virtual time does not
            await delay;
        });
        Assert.That(error.Message, Does.Contain("runtime.Time").And.Not.Contain("ReadAllAsync"), "the general advice, not the channel's");
        WaitFor(delay);
    }

    [Test]
    public void TaskRunEscapes()
    {
        Task<int>? work = null;
        var error = Fails<SimulationEscapeException>(async sim =>
        {
            work = Task.Run(() => 1);
            await work;
        });
        Assert.That(error.Message, Does.Contain("thread pool").And.Contain("runtime.Go"));
        WaitFor(work);
    }

    [Test]
    public void ConfigureAwaitFalseOnAChannelReadEscapes()
    {
        var channel = Channel.CreateUnbounded<int>();
        using var left = new ManualResetEventSlim();
        var error = Fails<SimulationEscapeException>(async sim =>
        {
            sim.Go(async () =>
            {
                await sim.Delay(Ms);
                channel.Writer.TryWrite(1);
            });
            await channel.Reader.ReadAsync().ConfigureAwait(false); // resumes on the thread pool
            try
            {
                await sim.Delay(Ms);
            }
            finally
            {
                left.Set();
            }
        });
        Assert.That(error.Message, Does.Contain("Simulation.Delay was called from a thread-pool thread"));
        WaitFor(left);
    }

    [Test]
    public void ParallelForEscapes()
    {
        int done = 0;
        using var returned = new ManualResetEventSlim();
        var error = Fails<SimulationEscapeException>(sim =>
        {
            Parallel.For(0, 4, _ => Interlocked.Increment(ref done)); // returns when every iteration has run
            returned.Set();
            return Task.CompletedTask;
        });
        Assert.That(error.Message, Does.Contain("Parallel"));
        WaitFor(returned); // the run may have been given up while Parallel.For waited for the pool
        Assert.That(Volatile.Read(ref done), Is.EqualTo(4), "the escaped work is finished");
    }
}
