
namespace LabRpc;

/// <summary>
/// A machine of the simulated world. It owns the tasks and timers started on it (ownership flows through
/// awaits); <see cref="Kill"/> drops all of them, and <see cref="Restart"/> brings the node back empty but
/// for its <see cref="Persister"/>.
/// </summary>
public sealed class Node : IRuntime
{
    internal Node(Simulation simulation, string name, int id)
    {
        Simulation = simulation;
        Name = name;
        Id = id;
        Context = new NodeContext(this, 1);
        Persister = new Persister { Owner = this };
    }

    /// <summary>The simulation this node lives in.</summary>
    public Simulation Simulation { get; }

    /// <summary>The node's name, as it appears in logs and errors.</summary>
    public string Name { get; }

    /// <summary>A number unique within the simulation.</summary>
    public int Id { get; }

    /// <summary>Bytes that survive a crash: what a restarted server reads back.</summary>
    public Persister Persister { get; }

    /// <summary>False between <see cref="Kill"/> and <see cref="Restart"/>.</summary>
    public bool IsAlive => Context.Alive;

    /// <summary>1 at creation, one more at each restart.</summary>
    public int Incarnation => Context.Incarnation;

    internal NodeContext Context { get; private set; }

    /// <inheritdoc/>
    public TimeProvider Time => Simulation.Time;

    /// <inheritdoc/>
    public DeterministicRandom Random => Simulation.Random;

    /// <inheritdoc/>
    public Microsoft.Extensions.Logging.ILoggerFactory LoggerFactory => Simulation.LoggerFactory;

    /// <summary>A task that completes after <paramref name="delay"/> of virtual time (as <see cref="Simulation.Delay"/>).</summary>
    public Task Delay(TimeSpan delay) => Simulation.Delay(delay);

    /// <summary>Starts <paramref name="body"/> as a concurrent task on this node (the goroutine).
    /// An exception in it fails the run.</summary>
    public void Go(Func<Task> body, string? name = null) => Simulation.Start(Context, body, name);

    /// <summary>As <see cref="Go"/>, and returns the task so that the caller can await it.</summary>
    public Task Spawn(Func<Task> body, string? name = null) => Simulation.Start(Context, body, name);

    /// <summary>
    /// Runs <paramref name="body"/> now, synchronously, as code of this node: tasks it starts with <c>sim.Go</c> and the
    /// continuations of what it awaits belong to this node and die with it. This is how a server is made on its own node.
    /// </summary>
    public T Invoke<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        Simulation.CheckThread("Node.Invoke");
        var outer = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(Context);
        try
        {
            return body();
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(outer);
        }
    }

    /// <summary>Crashes the node: none of its pending continuations, tasks or timers ever runs again.</summary>
    public void Kill()
    {
        Simulation.CheckThread("Node.Kill");
        if (!Context.Alive) return;
        Context.Alive = false;
        Simulation.OnNodeKilled(Context);
    }

    /// <summary>Brings the node back as a fresh incarnation (killing the current one if it is alive).</summary>
    public void Restart()
    {
        Kill();
        Context = new NodeContext(this, Context.Incarnation + 1);
        Simulation.OnNodeRestarted(Context);
    }

    /// <inheritdoc/>
    public override string ToString() => Name;
}
