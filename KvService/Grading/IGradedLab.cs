namespace KvService.Grading;

/// <summary>
/// A lab as the grader sees it: its name in a rubric (<c>"lab": "pb"</c>), the groups and tests of its suite, whether it
/// can be explored, and how to load a submission's implementation of its contract. Everything else (scenario sweeps, the
/// shrink, the artifacts, the worker protocol) is the harness's, the same for every lab (<see cref="GradedLab{TImplementation, TScenario, TVerdict}"/>).
/// </summary>
public interface IGradedLab
{
    /// <summary>The lab's name, as a rubric names it.</summary>
    string Name { get; }

    /// <summary>The suite's groups, as a rubric's "suite" names them.</summary>
    IReadOnlyList<string> SuiteGroups { get; }

    /// <summary>Whether a rubric may have an "explore" group for this lab.</summary>
    bool Explores { get; }

    /// <summary>Whether a rubric may have a "scenarios" group for this lab (a lab of suite tests alone has none).</summary>
    bool Sweeps { get; }

    /// <summary>The suite's tests in <paramref name="group"/>, each with its seed.</summary>
    IEnumerable<(string Name, ulong Seed)> SuiteTests(string group);

    /// <summary>Loads the implementation a submission's assembly holds.</summary>
    /// <exception cref="Harness.KvImplementationException">The assembly holds none, or more than one, or it cannot be made.</exception>
    IGradedSubmission Load(string assembly);
}
