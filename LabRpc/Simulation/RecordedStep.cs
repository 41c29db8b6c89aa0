namespace LabRpc;

/// <summary>One step of a <see cref="StepRecording"/>.</summary>
public sealed class RecordedStep
{
    private readonly object? _what;
    private readonly long _id;

    internal RecordedStep(long step, TimeSpan time, string node, object? what, long id, ulong traceHash)
    {
        Step = step;
        Time = time;
        Node = node;
        _what = what;
        _id = id;
        TraceHash = traceHash;
    }

    /// <summary>The step's number in the run (1 for the first, as <see cref="Simulation.Steps"/> counts).</summary>
    public long Step { get; }

    /// <summary>The virtual time it ran at.</summary>
    public TimeSpan Time { get; }

    /// <summary>The node it ran on, with its incarnation ("server#2").</summary>
    public string Node { get; }

    /// <summary>The simulation's trace hash after the step.</summary>
    public ulong TraceHash { get; }

    /// <summary>What ran, in the words of the simulation's error messages: "the start of task 'client 0' (...)",
    /// "the continuation of async method 'KvClerk.PutAsync'", "a timer of runtime.Delay", "call 12 KvServer.Put", or "a step".</summary>
    public string What => StepDescriptions.DescribeStep(_what, _id) is { Length: > 0 } words ? words.Trim()[1..^1] : "a step (of code the simulation cannot name)";

    /// <inheritdoc/>
    public override string ToString() => $"step {Step} at {Time.TotalSeconds:0.######}s on node {Node}: {What}";
}
