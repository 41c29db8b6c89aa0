namespace LabRpc.Raft.Suite;

/// <summary>
/// One test of the Raft suite: 6.5840's test <paramref name="Name"/> of part <paramref name="Group"/> (3A–3D), run with
/// <paramref name="Seed"/> unless another seed is given. <paramref name="Run"/> throws on the first failure (a
/// <c>RaftCheckException</c>, or a <c>RaftInvariantException</c> naming the broken property) and returns the test's
/// <c>passed</c> line; it writes its progress to the writer it gets.
/// </summary>
public sealed record RaftSuiteTest(string Group, string Name, ulong Seed, Func<IRaftImplementation, ulong, TextWriter, string> Run)
{
    /// <summary>The group and name: <c>3A/InitialElection</c>.</summary>
    public string Id => $"{Group}/{Name}";

    /// <inheritdoc/>
    public override string ToString() => Id;
}
