namespace KvService.Grading;

/// <summary>
/// How code that does not run the same way twice is graded. The first <see cref="Samples"/> tests of every group (but a
/// group of the memory checks, which run the kvsrv workloads again and take the longest) run a second time in another process; a different trace hash marks the submission nondeterministic (so does the suite's own
/// same-seed check, or a sweep's repeated scenario), and then <see cref="Penalty"/> applies.
/// </summary>
public sealed record NondeterminismPolicy
{
    /// <summary>Tests per group run again in a second process (0: none).</summary>
    public int Samples { get; init; } = 1;

    /// <summary>What a nondeterministic submission loses.</summary>
    public NondeterminismPenalty Penalty { get; init; } = NondeterminismPenalty.Zero;

    /// <summary>Points taken off with <see cref="NondeterminismPenalty.Deduct"/>.</summary>
    public double Deduct { get; init; }

    internal void Validate(string where)
    {
        if (Samples < 0) throw new RubricException($"{where}: nondeterminism \"samples\" must be 0 or more.");
        if (Deduct < 0) throw new RubricException($"{where}: nondeterminism \"deduct\" must be 0 or more.");
    }
}
