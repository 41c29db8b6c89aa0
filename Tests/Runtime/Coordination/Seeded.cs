namespace LabRpc.Tests.Runtime.Coordination;

/// <summary>Runs of the coordination tests: seeded interleaving, strict escape detection, and a replay check.</summary>
internal static class Seeded
{
    /// <summary>A virtual millisecond.</summary>
    public static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);

    private static SimulationOptions Options => new() { Scheduling = SchedulingStrategy.Random, StrictEscapeDetection = true };

    /// <summary>One run of <paramref name="body"/> from <paramref name="seed"/>: its result and trace hash.</summary>
    public static (T Result, ulong Hash) Run<T>(ulong seed, Func<Simulation, Task<T>> body)
    {
        using var sim = new Simulation(seed, Options);
        var result = sim.Run(() => body(sim));
        return (result, sim.TraceHash);
    }

    /// <summary>Runs <paramref name="body"/> twice from <paramref name="seed"/>: the same result and trace hash both times.</summary>
    public static T Replayed<T>(ulong seed, Func<Simulation, Task<T>> body)
    {
        var first = Run(seed, body);
        var second = Run(seed, body);
        Assert.That(second.Hash, Is.EqualTo(first.Hash), "the same seed gives the same trace hash");
        Assert.That(second.Result, Is.EqualTo(first.Result), "the same seed gives the same result");
        return first.Result;
    }

    /// <summary>A run of <paramref name="body"/> that must end in a deadlock report; returns it.</summary>
    public static SimulationDeadlockException Deadlocks(Func<Simulation, Task> body)
    {
        using var sim = new Simulation(1, Options);
        return Assert.Throws<SimulationDeadlockException>(() => sim.Run(() => body(sim)))!;
    }
}
