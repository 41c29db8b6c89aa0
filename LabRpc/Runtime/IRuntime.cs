using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>
/// The world a node's code runs in: time, randomness, concurrent tasks and logs. A simulated <see cref="Node"/> (and
/// the <see cref="Simulation"/> itself, for code on its main node) gives virtual time and the seed's random numbers;
/// a real node gives the machine's clock and a real thread. Server and clerk code that reaches the world
/// only through this interface runs unchanged in both. Like a simulated node, a real one runs its code one piece at
/// a time, so the code needs no locks.
/// </summary>
public interface IRuntime
{
    /// <summary>The node's name, as it appears in logs and errors.</summary>
    string Name { get; }

    /// <summary>The clock: virtual in a simulation, the machine's in the real world.</summary>
    TimeProvider Time { get; }

    /// <summary>The random source: the simulation's seeded one, or one seeded once from the machine's entropy.</summary>
    DeterministicRandom Random { get; }

    /// <summary>Where the node's code logs.</summary>
    ILoggerFactory LoggerFactory { get; }

    /// <summary>A task that completes after <paramref name="delay"/>.</summary>
    Task Delay(TimeSpan delay);

    /// <summary>Starts <paramref name="body"/> as a concurrent task of this node (the goroutine).</summary>
    void Go(Func<Task> body, string? name = null);

    /// <summary>As <see cref="Go"/>, and returns the task so that the caller can await it.</summary>
    Task Spawn(Func<Task> body, string? name = null);
}
