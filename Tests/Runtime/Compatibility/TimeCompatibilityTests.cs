using static LabRpc.Tests.Runtime.Compatibility.Compat;

namespace LabRpc.Tests.Runtime.Compatibility;

/// <summary>The rows of docs/simulator/concurrency.md for timers and timeouts in simulated code: with <c>sim.Time</c> they run in virtual time;
/// without it they are real timers, which fire outside the simulation.</summary>
public sealed class TimeCompatibilityTests
{
    [Test]
    public void PeriodicTimerWithSimTimeWorks()
    {
        string ticks = Works(async sim =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), sim.Time);
            var at = new List<double>();
            for (int i = 0; i < 3; i++)
            {
                await timer.WaitForNextTickAsync();
                at.Add(sim.Elapsed.TotalSeconds);
                await sim.Delay(TimeSpan.FromMilliseconds(sim.Random.Next(500)));
            }
            return string.Join(",", at);
        });
        Assert.That(ticks, Is.EqualTo("1,2,3"), "a tick every virtual second, whatever the work between them");
    }

    [Test]
    public void PeriodicTimerWithoutATimeProviderEscapes()
    {
        PeriodicTimer? timer = null;
        bool ticked = false;
        Fails<SimulationEscapeException>(async sim =>
        {
            timer = new PeriodicTimer(RealTimer);
            ticked = await timer.WaitForNextTickAsync();
        });
        timer!.Dispose(); // stops the real timer
        Assert.That(ticked, Is.False, "the code after the tick never ran in the simulation");
    }

    [Test]
    public void CancellationTokenSourceWithSimTimeWorks()
    {
        var (cancelled, at) = Works(async sim =>
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), sim.Time);
            try
            {
                await sim.Delay(TimeSpan.FromSeconds(5)).WaitAsync(timeout.Token);
                return (false, sim.Elapsed);
            }
            catch (OperationCanceledException)
            {
                return (true, sim.Elapsed);
            }
        });
        Assert.That((cancelled, at), Is.EqualTo((true, TimeSpan.FromSeconds(2))));
    }

    [Test]
    public void CancellationTokenSourceWithoutATimeProviderEscapes()
    {
        // A real timer. It is seen here because the simulation has nothing else to do while it runs; a simulation with work
        // or virtual timers goes on without it, and whether it fires before or after a given step depends on real time.
        using var timeout = new CancellationTokenSource(RealTimer);
        Fails<SimulationEscapeException>(async sim => await Task.Delay(Timeout.InfiniteTimeSpan, timeout.Token));
        Assert.That(timeout.IsCancellationRequested, Is.True, "the real timer has fired: nothing of it is left");
    }

    [Test]
    public void WaitAsyncWithSimTimeWorks()
    {
        var (timedOut, at) = Works(async sim =>
        {
            try
            {
                await sim.Delay(TimeSpan.FromSeconds(5)).WaitAsync(TimeSpan.FromSeconds(1), sim.Time);
                return (false, sim.Elapsed);
            }
            catch (TimeoutException)
            {
                return (true, sim.Elapsed);
            }
        });
        Assert.That((timedOut, at), Is.EqualTo((true, TimeSpan.FromSeconds(1))));
    }
}
