namespace LabRpc.Raft.Zoo;

/// <summary>A deliberately broken Raft: <paramref name="Name"/>, the classic bug it has (<paramref name="Bug"/>), the
/// implementation, and the suite test that is expected to catch it (<paramref name="CaughtBy"/>, a test's name).</summary>
public sealed record RaftZooMember(string Name, string Bug, IRaftImplementation Implementation, string CaughtBy)
{
    /// <inheritdoc/>
    public override string ToString() => Name;
}
