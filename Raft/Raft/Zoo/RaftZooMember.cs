namespace LabRpc.Raft.Zoo;

/// <summary>
/// A deliberately broken Raft: <paramref name="Name"/>, the classic bug it has (<paramref name="Bug"/>), the
/// implementation, the suite test that catches it at that test's seed (<paramref name="CaughtBy"/>, a test's name; null
/// when no test of the suite catches it at its seed) and what the failure says (<paramref name="Verdict"/>: the broken
/// property or the words of the failed check).
/// </summary>
public sealed record RaftZooMember(string Name, string Bug, IRaftImplementation Implementation, string? CaughtBy, string? Verdict)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}
