namespace KvService.Grading;

/// <summary>
/// A lab graded by its suite alone: groups of named tests with their seeds, and how to load an implementation. A rubric
/// for it has "suite" groups only (<see cref="Sweeps"/> and <see cref="Explores"/> are false, so that the rubric's
/// loader refuses a "scenarios" or an "explore" group); its tests' invariants are checked by the suite's own tester.
/// </summary>
/// <typeparam name="TImplementation">The lab's implementation interface.</typeparam>
/// <param name="name">The lab's name in a rubric.</param>
/// <param name="suite">Every suite test: group, name, seed and how to run it.</param>
/// <param name="groups">The suite's groups, in order.</param>
/// <param name="load">Loads the implementation in a submission's assembly; throws <see cref="Harness.KvImplementationException"/>.</param>
public sealed class GradedSuiteLab<TImplementation>(
    string name,
    IReadOnlyList<(string Group, string Name, ulong Seed, Action<TImplementation, ulong> Run)> suite,
    IReadOnlyList<string> groups,
    Func<string, TImplementation> load) : IGradedLab
{
    /// <inheritdoc/>
    public string Name => name;

    /// <inheritdoc/>
    public IReadOnlyList<string> SuiteGroups => groups;

    /// <inheritdoc/>
    public bool Explores => false;

    /// <inheritdoc/>
    public bool Sweeps => false;

    /// <inheritdoc/>
    public IEnumerable<(string Name, ulong Seed)> SuiteTests(string group) => suite.Where(t => t.Group == group).Select(t => (t.Name, t.Seed));

    /// <inheritdoc/>
    public IGradedSubmission Load(string assembly) => new Submission(this, load(assembly));

    private Action<TImplementation, ulong> Find(string test) =>
        suite.FirstOrDefault(t => t.Name == test) is { Name: not null } found ? found.Run
            : throw new InvalidOperationException($"The {name} suite has no test '{test}'.");

    private sealed class Submission(GradedSuiteLab<TImplementation> lab, TImplementation implementation) : IGradedSubmission
    {
        public void RunSuiteTest(string name, ulong seed) => lab.Find(name)(implementation, seed);

        public TestResult RunScenarios(GradeTest test, WorkOrder order) =>
            throw new InvalidOperationException($"The {lab.Name} lab has no scenario sweep (test '{test.Id}').");

        public TestResult Explore(GradeTest test, WorkOrder order) =>
            throw new InvalidOperationException($"The {lab.Name} lab is not explored (test '{test.Id}').");
    }
}
