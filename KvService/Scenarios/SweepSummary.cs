using System.Text.Json;
using System.Text.Json.Serialization;
using KvService.Labs;

namespace KvService.Scenarios;

/// <summary>
/// What a sweep (or one shard of it, <c>check --shard i/N</c>) found, as a file: the range of scenarios it ran, the counts,
/// and the lowest-numbered failure and unknown by number and scenario seed. Shards' summaries merge (<see cref="Merge"/>)
/// into the summary of the whole sweep, naming a failure exactly as a single run would.
/// </summary>
public sealed record SweepSummary
{
    /// <summary>The implementation's name.</summary>
    public required string Implementation { get; init; }

    /// <summary>The sweep's seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>The fault mix and sizes, in words: shards of one sweep have the same.</summary>
    public required string Space { get; init; }

    /// <summary>The number of the first scenario.</summary>
    public required int First { get; init; }

    /// <summary>How many scenarios ran (from <see cref="First"/> on).</summary>
    public required int Scenarios { get; init; }

    /// <summary>Scenarios that passed.</summary>
    public required int Passed { get; init; }

    /// <summary>Scenarios that failed.</summary>
    public required int Failed { get; init; }

    /// <summary>Scenarios the checker could not decide.</summary>
    public required int Unknown { get; init; }

    /// <summary>Scenarios that ran differently twice.</summary>
    public int Nondeterministic { get; init; }

    /// <summary>The lowest-numbered failing scenario: its number, seed and headline; null if none failed.</summary>
    public SweepFinding? FirstFailure { get; init; }

    /// <summary>The lowest-numbered undecided scenario; null if none.</summary>
    public SweepFinding? FirstUnknown { get; init; }

    /// <summary>The sweep stopped before running every scenario (interrupted, or a blocked thread).</summary>
    public bool Stopped { get; init; }

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The summary of <paramref name="result"/>, a sweep run with <paramref name="options"/>.</summary>
    public static SweepSummary Of(SweepResult<Verdict> result, SweepOptions options, string implementation, string space)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Of(result, options.Range, implementation, space);
    }

    /// <summary>The summary of <paramref name="result"/>, a sweep of any lab over <paramref name="options"/>.</summary>
    public static SweepSummary Of<TVerdict>(SweepResult<TVerdict> result, SweepRange options, string implementation, string space)
        where TVerdict : class, ILabVerdict<ILabScenario>
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(options);
        return new SweepSummary
        {
            Implementation = implementation,
            Seed = options.Seed,
            Space = space,
            First = options.First,
            Scenarios = result.Scenarios,
            Passed = result.Passed,
            Failed = result.Failed,
            Unknown = result.Unknown,
            Nondeterministic = result.Nondeterministic,
            FirstFailure = result.FirstFailure is { } f ? new SweepFinding(result.FirstFailureIndex, f.Scenario.Seed, f.Headline) : null,
            FirstUnknown = result.FirstUnknown is { } u ? new SweepFinding(result.FirstUnknownIndex, u.Scenario.Seed, u.Headline) : null,
            Stopped = result.Cancelled || result.StoppedBlocked || result.Scenarios < options.Scenarios,
        };
    }

    /// <summary>Writes the summary as JSON.</summary>
    public void Write(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a summary written by <see cref="Write"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a summary.</exception>
    public static SweepSummary Read(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<SweepSummary>(File.ReadAllText(path), Json) ?? throw new InvalidDataException($"'{path}' holds no summary.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{path}' is not a sweep summary: {e.Message}");
        }
    }

    /// <summary>The summary of the whole sweep that <paramref name="shards"/> ran parts of.</summary>
    /// <exception cref="InvalidDataException">The shards are of different sweeps (implementation, seed or space), or their
    /// ranges overlap.</exception>
    public static SweepSummary Merge(IReadOnlyList<SweepSummary> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        if (shards.Count == 0) throw new InvalidDataException("No summaries to merge.");
        var first = shards[0];
        foreach (var s in shards)
        {
            if (s.Implementation != first.Implementation || s.Seed != first.Seed || s.Space != first.Space)
                throw new InvalidDataException($"The summaries are of different sweeps: {first.Implementation}, seed {first.Seed}, {first.Space} and {s.Implementation}, seed {s.Seed}, {s.Space}.");
        }
        var ordered = shards.OrderBy(s => s.First).ToList();
        bool gap = false;
        for (int i = 1; i < ordered.Count; i++)
        {
            int end = ordered[i - 1].First + ordered[i - 1].Scenarios;
            if (ordered[i].First < end)
                throw new InvalidDataException($"Two summaries both ran scenario {ordered[i].First}: each scenario must be in one shard only.");
            gap |= ordered[i].First > end;
        }
        return new SweepSummary
        {
            Implementation = first.Implementation,
            Seed = first.Seed,
            Space = first.Space,
            First = ordered[0].First,
            Scenarios = shards.Sum(s => s.Scenarios),
            Passed = shards.Sum(s => s.Passed),
            Failed = shards.Sum(s => s.Failed),
            Unknown = shards.Sum(s => s.Unknown),
            Nondeterministic = shards.Sum(s => s.Nondeterministic),
            FirstFailure = shards.Select(s => s.FirstFailure).OfType<SweepFinding>().MinBy(f => f.Number),
            FirstUnknown = shards.Select(s => s.FirstUnknown).OfType<SweepFinding>().MinBy(f => f.Number),
            Stopped = gap || shards.Any(s => s.Stopped),
        };
    }
}
