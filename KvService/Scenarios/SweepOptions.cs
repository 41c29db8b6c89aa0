namespace KvService.Scenarios;

/// <summary>What <see cref="ScenarioSweep"/> runs: how many scenarios, from which seed, drawn from which space.</summary>
public sealed record SweepOptions
{
    /// <summary>The seed of the sweep when none is given.</summary>
    public const ulong DefaultSeed = 1;

    /// <summary>How many scenarios.</summary>
    public int Scenarios { get; init; } = 200;

    /// <summary>The sweep's seed: scenario i has seed <see cref="ScenarioGenerator.SeedOf"/>(seed, i), for i from <see cref="First"/>.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>The number of the sweep's first scenario: a sweep from 0 that stopped at k goes on from k with the same seed.</summary>
    public int First { get; init; }

    /// <summary>The scenarios to draw from.</summary>
    public ScenarioSpace Space { get; init; } = ScenarioSpace.Default;

    /// <summary>How many scenarios run at once (each in its own simulation, so the results do not depend on it).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Determinism sample: scenario 0, every <c>RepeatEvery</c>-th scenario and every failing one is run twice and the two
    /// trace hashes compared (a difference fails it as <see cref="ViolationKind.Nondeterministic"/>). 0 repeats none.
    /// Default 10: the sweep takes about a tenth longer.
    /// </summary>
    public int RepeatEvery { get; init; } = 10;

    /// <summary>How each scenario is run and judged.</summary>
    public RunOptions Run { get; init; } = RunOptions.Default;

    /// <summary>Part <paramref name="index"/> of <paramref name="count"/> of this sweep (<c>check --shard i/N</c>): an equal range of its
    /// scenarios, numbered as in the whole sweep, so that the parts together run each scenario exactly once.</summary>
    public SweepOptions Part(int index, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, count);
        long start = (long)Scenarios * index / count, end = (long)Scenarios * (index + 1) / count;
        return this with { First = First + (int)start, Scenarios = (int)(end - start) };
    }

    /// <summary>The scenarios of this sweep as the harness's sweep takes them.</summary>
    public Labs.SweepRange Range => new() { Scenarios = Scenarios, Seed = Seed, First = First, Parallelism = Parallelism, RepeatEvery = RepeatEvery };
}
