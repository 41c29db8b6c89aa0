namespace LabRpc.Raft.Tester;

/// <summary>A safety property of Raft broke at some step of the run: <see cref="Property"/> names it.</summary>
public sealed class RaftInvariantException : Exception
{
    /// <summary>A broken property, with what was seen.</summary>
    public RaftInvariantException(string property, string message)
        : base($"{property} violated: {message}")
    {
        Property = property;
    }

    /// <summary>A broken property.</summary>
    public RaftInvariantException()
    {
        Property = "";
    }

    /// <summary>A broken property.</summary>
    public RaftInvariantException(string message, Exception inner)
        : base(message, inner)
    {
        Property = "";
    }

    /// <summary>The property: one of <see cref="RaftInvariants"/>'s names.</summary>
    public string Property { get; }
}
