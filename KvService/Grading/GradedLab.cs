using KvService.Labs;
using KvService.Scenarios;

namespace KvService.Grading;

/// <summary>
/// A lab graded through the seam: its suite (groups of named tests with their seeds), how to load an implementation and
/// bind it as an <see cref="ILab{TScenario, TVerdict}"/> for a rubric's scenario group, and optionally its exploration.
/// The scenario sweep of a graded test is the harness's: the one seed formula of the lab, the one determinism rule
/// (<see cref="LabDeterminism.ShouldRepeat"/>), the shrink loop (<see cref="LabShrinker"/>) and the lab's artifacts.
/// </summary>
/// <typeparam name="TImplementation">The lab's implementation interface.</typeparam>
/// <typeparam name="TScenario">The lab's scenario.</typeparam>
/// <typeparam name="TVerdict">The lab's verdict.</typeparam>
/// <param name="name">The lab's name in a rubric.</param>
/// <param name="suite">Every suite test: group, name, seed and how to run it.</param>
/// <param name="groups">The suite's groups, in order.</param>
/// <param name="load">Loads the implementation in a submission's assembly.</param>
/// <param name="bind">The lab for a scenario group, with the worker's memory budget.</param>
/// <param name="explore">Explores a small configuration; null for a lab that is not explored.</param>
public sealed class GradedLab<TImplementation, TScenario, TVerdict>(
    string name,
    IReadOnlyList<(string Group, string Name, ulong Seed, Action<TImplementation, ulong> Run)> suite,
    IReadOnlyList<string> groups,
    Func<string, TImplementation> load,
    Func<TImplementation, ScenarioGroup, long?, ILab<TScenario, TVerdict>> bind,
    Func<TImplementation, GradeTest, WorkOrder, TestResult>? explore = null) : IGradedLab
    where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
{
    private readonly Func<TImplementation, ScenarioGroup, long?, ILab<TScenario, TVerdict>> _bind = bind;
    private readonly Func<TImplementation, GradeTest, WorkOrder, TestResult>? _explore = explore;

    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public IReadOnlyList<string> SuiteGroups => groups;

    /// <inheritdoc/>
    public bool Explores => _explore is not null;

    /// <inheritdoc/>
    public bool Sweeps => true;

    /// <inheritdoc/>
    public IEnumerable<(string Name, ulong Seed)> SuiteTests(string group) => suite.Where(t => t.Group == group).Select(t => (t.Name, t.Seed));

    /// <inheritdoc/>
    public IGradedSubmission Load(string assembly) => new Submission(this, load(assembly));

    private sealed class Submission(GradedLab<TImplementation, TScenario, TVerdict> lab, TImplementation implementation) : IGradedSubmission
    {
        public void RunSuiteTest(string name, ulong seed)
        {
            var test = lab.SuiteFind(name);
            test.Run(implementation, seed);
        }

        public TestResult Explore(GradeTest test, WorkOrder order) =>
            (lab._explore ?? throw new InvalidOperationException($"The {lab.Name} lab is not explored."))(implementation, test, order);

        public TestResult RunScenarios(GradeTest test, WorkOrder order)
        {
            var group = test.Scenarios ?? throw new InvalidOperationException($"The test '{test.Id}' has no scenarios.");
            var bound = lab._bind(implementation, group, order.MaxManagedMemory);
            var hashes = new List<string>();
            TVerdict? unknown = null;
            for (int i = 0; i < group.Count; i++)
            {
                var verdict = bound.Run(bound.Generate(bound.ScenarioSeed(test.Seed, i)), LabRun.AsGiven);
                if (LabDeterminism.ShouldRepeat(i, verdict)) verdict = LabDeterminism.Repeat(bound, verdict);
                hashes.Add(verdict.TraceHashText);
                if (verdict.Failed) return Failure(bound, test, i, verdict, order, hashes);
                if (verdict.Unknown) unknown ??= verdict;
            }
            return TestResult.Of(test, TestOutcome.Passed) with
            {
                Outcome = unknown is null ? TestOutcome.Passed : TestOutcome.Unknown,
                Reason = unknown is null ? "" : $"scenario {unknown.Scenario.Seed}: {unknown.Describe().Split('\n')[0]}",
                TraceHashes = hashes,
            };
        }

        private static TestResult Failure(ILab<TScenario, TVerdict> bound, GradeTest test, int index, TVerdict failure, WorkOrder order, List<string> hashes)
        {
            var scenario = failure.Scenario;
            string shrunkNote = "";
            if (LabShrinker.CanShrink(failure))
            {
                var shrunk = LabShrinker.Shrink(bound, failure, maxRuns: 500);
                scenario = shrunk.Scenario;
                shrunkNote = $" Shrunk from {shrunk.Original.Summary()} to {scenario.Summary()}.";
            }
            // A run that blocked would block again for as long: its files are the failing run's own.
            var verdict = failure.Blocked ? failure : bound.Run(scenario, LabRun.Diagnostic);
            if (!failure.Blocked) verdict = LabDeterminism.Carry(bound, failure, verdict);
            string replay = $"dotnet run -c Release --project KvService -- replay path/to/this/folder/scenario.json --impl {order.ReplayImplementation}";
            try
            {
                bound.WriteArtifacts(verdict, GradeWorker.ArtifactsOf(order, test), "Replay, from your clone of LabRpc: " + replay, order.ReplayImplementation);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                shrunkNote += $" (Its files could not be written: {e.Message})";
            }
            return TestResult.Of(test, TestOutcome.Passed) with
            {
                Outcome = TestOutcome.Failed,
                Reason = $"scenario {index + 1} of {test.Scenarios!.Count} ({failure.Scenario.Summary()}): {failure.Headline}.{shrunkNote}",
                TraceHashes = hashes,
                Nondeterministic = LabDeterminism.IsNondeterministic(failure),
                Blocked = failure.Blocked,
            };
        }
    }

    private (string Group, string Name, ulong Seed, Action<TImplementation, ulong> Run) SuiteFind(string test) =>
        suite.FirstOrDefault(t => t.Name == test) is { Name: not null } found ? found
            : throw new InvalidOperationException($"The {name} suite has no test '{test}'.");
}
