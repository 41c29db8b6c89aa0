namespace LabRpc.Raft.Tester;

/// <summary>A test of the Raft lab failed: the message says what was expected and what happened, as 6.5840's tester words it.</summary>
public sealed class RaftCheckException : Exception
{
    /// <summary>A failed check.</summary>
    public RaftCheckException(string message)
        : base(message)
    {
    }

    /// <summary>A failed check, with its cause.</summary>
    public RaftCheckException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>A failed check.</summary>
    public RaftCheckException()
    {
    }
}
