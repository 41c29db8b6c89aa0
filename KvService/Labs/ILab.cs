using KvService.Scenarios;
using LabRpc;

namespace KvService.Labs;

/// <summary>
/// A lab with the implementation under test and its run settings bound: what the harness needs to sweep it, repeat a run,
/// shrink a failure, and write and describe the failure. A lab supplies its scenarios (generator, shrink candidates), how
/// to run and judge one (cluster, workload, faults, checks) and its scenario file; the harness supplies the rest once
/// (<see cref="LabSweep"/>, <see cref="LabDeterminism"/>, <see cref="LabShrinker"/>, <see cref="Cli.LabCheck"/>).
/// </summary>
/// <typeparam name="TScenario">The lab's scenario.</typeparam>
/// <typeparam name="TVerdict">The lab's verdict.</typeparam>
public interface ILab<TScenario, TVerdict>
    where TScenario : class, ILabScenario
    where TVerdict : class, ILabVerdict<TScenario>
{
    /// <summary>The lab's name on the command line (<c>--lab kv</c>).</summary>
    string Name { get; }

    /// <summary>What the lab checks, for a person ("the KV service").</summary>
    string Title { get; }

    /// <summary>The implementation's name.</summary>
    string Implementation { get; }

    /// <summary>How many shrink candidates a failure may run before the shrink stops with what it has.</summary>
    int ShrinkBudget { get; }

    /// <summary>How long a blocked thread is waited for before a run is taken for blocked (for messages).</summary>
    TimeSpan StallTimeout { get; }

    /// <summary>The seed of scenario <paramref name="index"/> of the sweep seeded <paramref name="sweepSeed"/>.</summary>
    ulong ScenarioSeed(ulong sweepSeed, int index);

    /// <summary>The scenario a seed names.</summary>
    TScenario Generate(ulong scenarioSeed);

    /// <summary>Runs <paramref name="scenario"/> in a fresh simulation and judges it; never throws for what the
    /// implementation does (a failed run is a failed verdict). <paramref name="recording"/> records every step;
    /// <paramref name="chooser"/> makes the run's choices instead of the seed (an exploration's schedule).</summary>
    TVerdict Run(TScenario scenario, LabRun mode, StepRecording? recording = null, IChooser? chooser = null);

    /// <summary>The small scenario an exploration walks every schedule of: <paramref name="clients"/> clients with
    /// <paramref name="operations"/> operations each on <paramref name="keys"/> keys, the workload drawn from <paramref name="seed"/>,
    /// and whatever faults the lab lets the chooser decide.</summary>
    TScenario ExplorationScenario(ulong seed, int clients, int operations, int keys);

    /// <summary><paramref name="verdict"/> with <paramref name="violations"/> instead of its own.</summary>
    TVerdict WithViolations(TVerdict verdict, IReadOnlyList<Violation> violations);

    /// <summary>Smaller scenarios to try instead of <paramref name="scenario"/>, the boldest first; each strictly smaller in
    /// some measure, so that repeated shrinking ends.</summary>
    IEnumerable<TScenario> ShrinkCandidates(TScenario scenario);

    /// <summary>The folder a failure's artifacts go to unless one is named, relative to the current folder.</summary>
    string DefaultFolder(TScenario scenario);

    /// <summary>Writes the failure's artifacts (the scenario file names the implementation as <paramref name="spec"/>).</summary>
    ArtifactPaths WriteArtifacts(TVerdict verdict, string folder, string notes, string spec);

    /// <summary>The scenario file of <paramref name="verdict"/> as JSON, for when the artifacts cannot be written.</summary>
    string ScenarioJson(TVerdict verdict, string spec);
}
