using KvService.Suite;

namespace KvService.Grading;

/// <summary>
/// A group of tests worth <see cref="Points"/>, shared equally among its tests: either the tests of a group of the KV suite
/// (<see cref="Suite"/>: kvsrv, memory, crashes, duplicates, determinism), each run with its own seed and with every
/// hidden seed, sweeps of generated fault scenarios (<see cref="Scenarios"/>), one test per seed, or a systematic
/// exploration of a small configuration (<see cref="Explore"/>), one test.
/// </summary>
public sealed record RubricGroup
{
    /// <summary>The group's name in reports.</summary>
    public string Name { get; init; } = "";

    /// <summary>The points of the whole group.</summary>
    public double Points { get; init; }

    /// <summary>A group of the KV suite (<see cref="KvSuiteTests.Groups"/>), or null.</summary>
    public string? Suite { get; init; }

    /// <summary>Sweeps of fault scenarios, or null.</summary>
    public ScenarioGroup? Scenarios { get; init; }

    /// <summary>A systematic exploration of a small configuration, or null.</summary>
    public ExploreGroup? Explore { get; init; }

    /// <summary>For a suite group: more seeds each test runs with, not shown to students.</summary>
    public IReadOnlyList<ulong> HiddenSeeds { get; init; } = [];

    /// <summary>The group's tests, of the KV lab.</summary>
    public IEnumerable<GradeTest> Tests() => Tests(GradedLabs.Kv);

    /// <summary>The group's tests, of <paramref name="lab"/>.</summary>
    public IEnumerable<GradeTest> Tests(IGradedLab lab) => TestsOf(lab ?? throw new ArgumentNullException(nameof(lab))).Select(t => t with { Lab = lab.Name });

    private IEnumerable<GradeTest> TestsOf(IGradedLab lab)
    {
        if (Suite is not null)
        {
            foreach (var (test, seed) in lab.SuiteTests(Suite))
            {
                yield return new GradeTest(Name, test, GradeTestKind.Suite, seed, Hidden: false) { SuiteTest = test };
                for (int h = 0; h < HiddenSeeds.Count; h++)
                    yield return new GradeTest(Name, $"{test} [hidden {h + 1}]", GradeTestKind.Suite, HiddenSeeds[h], Hidden: true) { SuiteTest = test };
            }
        }
        if (Explore is { } e)
            yield return new GradeTest(Name, $"every schedule of {e.Clients} × {e.Ops} on {e.Keys} key{(e.Keys == 1 ? "" : "s")} (seed {e.Seed}), at most {e.MaxFaults} faults", GradeTestKind.Explore, e.Seed, Hidden: false) { Explore = e };
        if (Scenarios is { } s)
        {
            foreach (ulong seed in s.Seeds)
                yield return new GradeTest(Name, $"{s.Count} scenarios, {s.Faults} faults, seed {seed}", GradeTestKind.Scenarios, seed, Hidden: false) { Scenarios = s };
            for (int h = 0; h < s.HiddenSeeds.Count; h++)
                yield return new GradeTest(Name, $"{s.Count} scenarios, {s.Faults} faults [hidden {h + 1}]", GradeTestKind.Scenarios, s.HiddenSeeds[h], Hidden: true) { Scenarios = s };
        }
    }
}
