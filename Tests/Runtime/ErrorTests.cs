using System.Runtime.CompilerServices;

namespace LabRpc.Tests.Runtime;

public sealed class ErrorTests
{
    // An escape is noticed when its work comes back from the thread pool; on a loaded machine that can take a
    // while, and the wait ends as soon as it arrives, so be generous.
    // Without strict detection (on by default), to test the escapes noticed when work comes back.
    private static readonly SimulationOptions Patient = new() { EscapeGrace = TimeSpan.FromSeconds(5), StrictEscapeDetection = false };

    // Without strict detection, real work that finishes before the simulation awaits it is not seen at all (the await
    // does not suspend), so the real timer takes long enough that no pause of the simulation's thread on a busy machine
    // can let it fire first. A 10 ms timer once did, on a loaded CI machine.
    private const int EscapingWorkMilliseconds = 300;

    [Test]
    public void AwaitingTaskRunIsReportedAsAnEscape()
    {
        using var sim = new Simulation(1, Patient);
        using var gate = new ManualResetEventSlim();
        // The pool-side work finishes only after a task of the simulation opens the gate, and that task runs only once
        // main is waiting at its await: the work's result always comes back from outside.
        var error = Assert.Throws<SimulationEscapeException>(() => sim.Run(async () =>
        {
            sim.Go(() =>
            {
                gate.Set();
                return Task.CompletedTask;
            });
            await Task.Run(() =>
            {
                gate.Wait();
                return 1;
            });
        }));
        Assert.That(error!.Message, Does.Contain("Task.Run").And.Contain("runtime.Go"));
    }

    [Test]
    public void RealTimerDelayIsReportedAsAnEscape()
    {
        using var sim = new Simulation(1, Patient);
        var error = Assert.Throws<SimulationEscapeException>(() => sim.Run(async () => await Task.Delay(EscapingWorkMilliseconds)));
        Assert.That(error!.Message, Does.Contain("runtime.Time"));
    }

    private static readonly SimulationOptions Strict = new() { StrictEscapeDetection = true };

    [Test]
    public void StrictDetectionReportsTaskRunThatFinishesBeforeItIsAwaited()
    {
        using var sim = new Simulation(1, Strict);
        var error = Assert.Throws<SimulationEscapeException>(() => sim.Run(async () =>
        {
            var work = Task.Run(() => 1);
            while (!work.IsCompleted) Thread.SpinWait(100); // the await below will not suspend
            await work;
        }));
        Assert.That(error!.Message, Does.Contain("thread pool").And.Contain("runtime.Go")
            .And.Contain(nameof(StrictDetectionReportsTaskRunThatFinishesBeforeItIsAwaited)), "the message shows where the work was queued");
        TestContext.Out.WriteLine(error.Message);
    }

    [Test]
    public void StrictDetectionShowsCodeWithoutANamespace()
    {
        using var sim = new Simulation(1, Strict);
        var error = Assert.Throws<SimulationEscapeException>(() => sim.Run(() => GlobalNamespaceWork.QueueToThePool()));
        Assert.That(error!.Message, Does.Contain("at GlobalNamespaceWork.QueueToThePool"));
    }

    [Test]
    public void StrictDetectionReportsContinueWithOnTheThreadPool()
    {
        using var sim = new Simulation(1, Strict);
        Assert.Throws<SimulationEscapeException>(() => sim.Run(async () =>
        {
            await sim.Delay(TimeSpan.FromSeconds(1));
            // After an await the current scheduler is the default one (before it, the node's): the pool's.
            await sim.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => { });
        }));
    }

    [Test]
    [NonParallelizable] // no other strict run may be running
    public void StrictDetectionListensOnlyWhileAStrictRunIsRunning()
    {
        using var sim = new Simulation(1, Strict);
        bool during = sim.Run(() => Task.FromResult(ThreadPoolWatch.Listening));
        Assert.That(during, Is.True);
        Assert.That(ThreadPoolWatch.Listening, Is.False, "every await in the process pays while the events are on");

        using var stuck = new Simulation(1, Strict with { StallTimeout = TimeSpan.FromMilliseconds(300) });
        Assert.Throws<SimulationBlockedException>(() => stuck.Run(() =>
        {
            BlockOnResult(stuck);
            return Task.CompletedTask;
        }));
        Assert.That(ThreadPoolWatch.Listening, Is.False, "a run abandoned because it blocked releases the events too");
    }

    [Test]
    public void StrictDetectionAllowsTasksStartedOnTheSimulation()
    {
        using var sim = new Simulation(1, Strict);
        int result = sim.Run(async () =>
        {
            var a = Task.Factory.StartNew(() => 20, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Current);
            var b = sim.Delay(TimeSpan.FromSeconds(1)).ContinueWith(_ => 22, TaskScheduler.Current);
            await sim.Spawn(() => sim.Delay(TimeSpan.FromSeconds(1)));
            return await a + await b;
        });
        Assert.That(result, Is.EqualTo(42));
    }

    [Test]
    public void SimulationApiCalledFromAnotherThreadThrowsAndFailsTheRun()
    {
        using var sim = new Simulation(1, Patient); // the pool may be slow to start the escaping work
        var error = Assert.Throws<SimulationEscapeException>(() => sim.Run(async () =>
        {
            await sim.Delay(TimeSpan.FromSeconds(1)).ConfigureAwait(false);
            await Task.Run(() => sim.Delay(TimeSpan.FromSeconds(1)));
        }));
        Assert.That(error!.Message, Does.Contain("Simulation.Delay was called from a thread-pool thread"));
    }

    [Test]
    public void DeadlockIsReportedWithWhatIsPending()
    {
        using var sim = new Simulation(1);
        var net = new Network(sim);
        net.AddServer("s", new Server(new Service(new Stuck())));
        var end = net.MakeEnd("e", "s");
        var error = Assert.Throws<SimulationDeadlockException>(() => sim.Run(async () =>
        {
            sim.Go(() => new TaskCompletionSource().Task, "waiter");
            await end.Call<int>("Stuck.Wait", 1);
        }));
        Assert.That(error!.Message, Does.Contain("Deadlock")
            .And.Contain("Stuck.Wait").And.Contain("has not returned")
            .And.Contain("task 'waiter'"));
    }

    public sealed class Stuck
    {
        public Task<int> Wait(int x) => new TaskCompletionSource<int>().Task;
    }

    [Test]
    public void BlockingOnAnUnfinishedTaskIsReportedInsteadOfHanging()
    {
        // Without strict detection only the stall watchdog sees it (with it, see the test after this one).
        using var sim = new Simulation(1, new SimulationOptions { StallTimeout = TimeSpan.FromMilliseconds(500), StrictEscapeDetection = false });
        var error = Assert.Throws<SimulationBlockedException>(() => sim.Run(() =>
        {
            BlockOnResult(sim);
            return Task.CompletedTask;
        }));
        Assert.That(error!.Message, Does.Contain(".Result").And.Contain("Await instead")
            .And.Contain($"the start of task 'main', a lambda in '{nameof(ErrorTests)}.{nameof(BlockingOnAnUnfinishedTaskIsReportedInsteadOfHanging)}'"));
        Assert.That(error.WaitedOutStallTimeout, Is.True, "only the stall timeout found it");
    }

    [Test]
    public void AStepThatRunsLongerThanTheStallTimeoutIsSlowNotBlocked()
    {
        // Compiling code or collecting garbage on a loaded machine can hold one step for a while; only a step that
        // waits (a lock, .Result, .Wait(), Thread.Sleep) is stuck after the stall timeout.
        using var sim = new Simulation(1, new SimulationOptions { StallTimeout = TimeSpan.FromMilliseconds(100) });
        int result = sim.Run(() =>
        {
            var spin = System.Diagnostics.Stopwatch.StartNew();
            while (spin.ElapsedMilliseconds < 600) Thread.SpinWait(1000);
            return Task.FromResult(42);
        });
        Assert.That(result, Is.EqualTo(42));
    }

    [Test]
    public void BlockingAfterAnAwaitSaysWhatResumed()
    {
        using var sim = new Simulation(1, new SimulationOptions { StallTimeout = TimeSpan.FromMilliseconds(300) });
        var error = Assert.Throws<SimulationBlockedException>(() => sim.Run(async () =>
        {
            await sim.Delay(TimeSpan.FromSeconds(1));
            BlockOnResult(sim);
        }));
        Assert.That(error!.Message, Does.Contain("at virtual time 00:00:01").And.Contain("a timer of runtime.Delay: code resuming after it"));
    }

    [Test]
    public void BlockingInAPostedContinuationNamesTheAsyncMethod()
    {
        using var sim = new Simulation(1, new SimulationOptions { StallTimeout = TimeSpan.FromMilliseconds(300) });
        var error = Assert.Throws<SimulationBlockedException>(() => sim.Run(async () =>
        {
            await Task.Yield();
            BlockOnResult(sim);
        }));
        Assert.That(error!.Message, Does.Contain(
            $"the continuation of async method a lambda in '{nameof(ErrorTests)}.{nameof(BlockingInAPostedContinuationNamesTheAsyncMethod)}'"));
    }

    [Test]
    public void WaitingForAnUnfinishedTaskIsReportedAtOnceWithWhereItWaits()
    {
        // With strict detection (the default) the runtime tells the simulation that its thread began a synchronous
        // wait: no need to wait out the stall timeout, and the message shows the waiting code.
        using var sim = new Simulation(1, new SimulationOptions { StallTimeout = TimeSpan.FromMinutes(5), StrictEscapeDetection = true });
        var error = Assert.Throws<SimulationBlockedException>(() => sim.Run(() =>
        {
            BlockOnResult(sim);
            return Task.CompletedTask;
        }));
        Assert.That(error!.Message, Does.Contain("waiting for an unfinished task").And.Contain("Await the task instead")
            .And.Contain($"{nameof(ErrorTests)}.{nameof(BlockOnResult)}"));
        Assert.That(error.WaitedOutStallTimeout, Is.False, "strict detection saw it at once: no stall timeout was waited out");
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // a frame of its own in the message
    private static void BlockOnResult(Simulation sim) => sim.Delay(TimeSpan.FromSeconds(1)).Wait();

    [Test]
    public void VirtualTimeBudgetStopsALivelockAndSaysWhichBudgetAndWhy()
    {
        using var sim = new Simulation(1, new SimulationOptions { MaxVirtualTime = TimeSpan.FromMinutes(1) });
        var error = Assert.Throws<SimulationBudgetException>(() => sim.Run(async () =>
        {
            while (true) await sim.Delay(TimeSpan.FromMilliseconds(100));
        }));
        Assert.That(error!.Budget, Is.EqualTo(nameof(SimulationOptions.MaxVirtualTime)));
        Assert.That(error.Message, Does.StartWith("Virtual-time budget spent").And.Contain("MaxVirtualTime").And.Contain("00:01:00")
            .And.Contain("livelock").And.Contain("never gets an answer").And.Contain("raise the budget"));
        Assert.That(sim.Elapsed, Is.LessThanOrEqualTo(TimeSpan.FromMinutes(1)));
    }

    [Test]
    public void StepBudgetStopsASpinThatNeverLetsTimePassAndSaysWhichBudgetAndWhy()
    {
        using var sim = new Simulation(1, new SimulationOptions { MaxSteps = 10_000 });
        var error = Assert.Throws<SimulationBudgetException>(() => sim.Run(async () =>
        {
            while (true) await Task.Yield();
        }));
        Assert.That(error!.Budget, Is.EqualTo(nameof(SimulationOptions.MaxSteps)));
        Assert.That(error.Message, Does.StartWith("Step budget spent").And.Contain("10000 scheduler steps").And.Contain("MaxSteps")
            .And.Contain("livelock").And.Contain("a server that never replies").And.Contain("raise the budget"));
        Assert.That(sim.Steps, Is.EqualTo(10_001));
    }

    [Test]
    public void MemoryBudgetStopsARunPastItWithTheBudgetAndWhatWasReached()
    {
        // The run keeps 1 KiB a step: by the first check (every MemoryCheckInterval steps) the heap has grown past 1 MiB.
        using var sim = new Simulation(1, new SimulationOptions { MaxManagedMemory = 1 << 20 });
        var kept = new List<byte[]>();
        var error = Assert.Throws<SimulationBudgetException>(() => sim.Run(async () =>
        {
            for (int i = 0; i < 3 * SimulationOptions.MemoryCheckInterval; i++)
            {
                kept.Add(new byte[1024]);
                await Task.Yield();
            }
        }));
        Assert.That(error!.Budget, Is.EqualTo(nameof(SimulationOptions.MaxManagedMemory)));
        Assert.That(error.Message, Does.StartWith("Memory budget spent").And.Contain("MaxManagedMemory").And.Contain("after a full collection")
            .And.Contain("Make the run smaller, or raise the budget"));
        Assert.That(sim.Steps, Is.EqualTo(SimulationOptions.MemoryCheckInterval), "stopped at the first check");
    }

    [Test]
    public void ARunWithinItsMemoryBudgetIsNotStopped()
    {
        using var sim = new Simulation(1, new SimulationOptions { MaxManagedMemory = 1L << 40 });
        sim.Run(async () =>
        {
            for (int i = 0; i < 3 * SimulationOptions.MemoryCheckInterval; i++) await Task.Yield();
        });
        Assert.That(sim.Steps, Is.GreaterThan(3 * SimulationOptions.MemoryCheckInterval));
    }

    [Test]
    public void ABudgetMessageListsAtMostThirtyPendingTasks()
    {
        using var sim = new Simulation(1, new SimulationOptions { MaxVirtualTime = TimeSpan.FromSeconds(1) });
        var error = Assert.Throws<SimulationBudgetException>(() => sim.Run(async () =>
        {
            for (int i = 0; i < 1000; i++) sim.Go(() => sim.Delay(TimeSpan.FromHours(1)), "sleeper " + i);
            await sim.Delay(TimeSpan.FromHours(1));
        }));
        Assert.That(error!.Message.Split('\n').Count(line => line.StartsWith("  - task '", StringComparison.Ordinal)), Is.EqualTo(30));
        Assert.That(error.Message, Does.Contain("and 971 more"), "1,001 tasks: main and the sleepers");
    }

    [Test]
    public void ExceptionInAGoTaskFailsTheRunWithItsOriginalStack()
    {
        using var sim = new Simulation(1);
        var error = Assert.Throws<InvalidOperationException>(() => sim.Run(async () =>
        {
            sim.Go(async () =>
            {
                await sim.Delay(TimeSpan.FromSeconds(1));
                ThrowFromHere();
            });
            await sim.Delay(TimeSpan.FromSeconds(5));
        }));
        Assert.That(error!.Message, Is.EqualTo("boom"));
        Assert.That(error.StackTrace, Does.Contain(nameof(ThrowFromHere)));
    }

    private static void ThrowFromHere() => throw new InvalidOperationException("boom");

    [Test]
    public void ExceptionInAsyncVoidFailsTheRun()
    {
        using var sim = new Simulation(1);
        Assert.Throws<InvalidOperationException>(() => sim.Run(async () =>
        {
            AsyncVoid();
            await sim.Delay(TimeSpan.FromSeconds(5));
        }));
    }

#pragma warning disable VSTHRD100
    private static async void AsyncVoid()
    {
        await Task.Yield();
        throw new InvalidOperationException("async void");
    }
#pragma warning restore VSTHRD100
}
