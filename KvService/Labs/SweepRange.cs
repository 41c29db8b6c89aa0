namespace KvService.Labs;

/// <summary>Which scenarios a sweep runs and how: <see cref="Scenarios"/> from number <see cref="First"/> of the sweep
/// seeded <see cref="Seed"/>, <see cref="Parallelism"/> at once, every <see cref="RepeatEvery"/>-th run twice.</summary>
public sealed record SweepRange
{
    /// <summary>How many scenarios.</summary>
    public int Scenarios { get; init; } = 200;

    /// <summary>The sweep's seed: the same seed runs the same scenarios.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>The number of the first scenario.</summary>
    public int First { get; init; }

    /// <summary>Scenarios run at once, each in its own simulation: what the sweep finds does not depend on it.</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Every how many scenarios one runs twice (0: none); every failing one runs twice too.</summary>
    public int RepeatEvery { get; init; } = LabDeterminism.RepeatEvery;
}
