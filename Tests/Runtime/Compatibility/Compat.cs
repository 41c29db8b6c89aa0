namespace LabRpc.Tests.Runtime.Compatibility;

/// <summary>
/// How the table of concurrency APIs (docs/simulator/concurrency.md) in simulated code is checked: a row that works runs twice from one seed under
/// seeded interleaving and must give the same result and trace hash; a row that escapes or blocks must fail the run with
/// the simulation's exception for it. Tests that let work leave the simulation make that work finish before they return.
/// </summary>
internal static class Compat
{
    /// <summary>The seed of every row's run.</summary>
    public const ulong Seed = 11;

    /// <summary>A virtual millisecond.</summary>
    public static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    /// <summary>How long (real time) a blocked step waits before the run reports it: short, so that the rows that block cost little.</summary>
    public static readonly TimeSpan Stall = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a real timer of a row that escapes takes: long enough that the code awaits it before it fires, however
    /// loaded the machine (if it fired first, the await would not wait, and nothing would leave the simulation).</summary>
    public static readonly TimeSpan RealTimer = TimeSpan.FromMilliseconds(300);

    /// <summary>How long a test waits (real time) for work that left the simulation to finish.</summary>
    public static readonly TimeSpan Cleanup = TimeSpan.FromSeconds(10);

    private static SimulationOptions Options => new() { Scheduling = SchedulingStrategy.Random, StrictEscapeDetection = true, StallTimeout = Stall };

    /// <summary>Runs <paramref name="body"/> twice from <see cref="Seed"/>: both runs must finish with the same result and the
    /// same trace hash. Returns the result.</summary>
    public static T Works<T>(Func<Simulation, Task<T>> body, ulong seed = Seed)
    {
        var (first, firstHash) = RunOnce(body, seed);
        var (second, secondHash) = RunOnce(body, seed);
        Assert.That(secondHash, Is.EqualTo(firstHash), "the same seed gives the same trace hash");
        Assert.That(second, Is.EqualTo(first), "the same seed gives the same result");
        return first;
    }

    /// <summary>One run of <paramref name="body"/>: its result and trace hash.</summary>
    public static (T Result, ulong Hash) RunOnce<T>(Func<Simulation, Task<T>> body, ulong seed = Seed)
    {
        using var sim = new Simulation(seed, Options);
        var result = sim.Run(() => body(sim));
        return (result, sim.TraceHash);
    }

    /// <summary>Runs <paramref name="body"/>, which must fail with <typeparamref name="TException"/>; returns it.</summary>
    public static TException Fails<TException>(Func<Simulation, Task> body) where TException : SimulationException
    {
        // Work that comes back from outside is waited for when nothing else can run (EscapeGrace): on a loaded machine the
        // thread pool or a real timer may take a while, so be generous, but for a deadlock, which waits it out.
        // The short stall timeout is for the rows that block: while the simulation waits for work to come back it is a step
        // that waits too, and a stall timeout shorter than a real timer would report it as blocked first.
        var grace = typeof(TException) == typeof(SimulationDeadlockException) ? Options.EscapeGrace : Cleanup;
        var stall = typeof(TException) == typeof(SimulationBlockedException) ? Stall : Cleanup + Cleanup;
        using var sim = new Simulation(Seed, Options with { EscapeGrace = grace, StallTimeout = stall });
        var error = Assert.Throws<TException>(() => sim.Run(() => body(sim)))!;
        TestContext.Out.WriteLine(error.Message);
        return error;
    }

    /// <summary>Waits (real time) for <paramref name="done"/>, set by work that left the simulation or by a blocked step once
    /// released, so that nothing of the test runs on after it.</summary>
    public static void WaitFor(ManualResetEventSlim done) =>
        Assert.That(done.Wait(Cleanup), Is.True, "the work outside the simulation finished");

    /// <summary>As <see cref="WaitFor(ManualResetEventSlim)"/>, for a task.</summary>
    public static void WaitFor(Task? done)
    {
        Assert.That(done, Is.Not.Null, "the work was started");
        Assert.That(((IAsyncResult)done!).AsyncWaitHandle.WaitOne(Cleanup), Is.True, "the work outside the simulation finished");
    }
}
