using KvService.Contract;
using KvService.Labs;
using LabRpc;

namespace KvService.Scenarios;

/// <summary>
/// The KV lab on the harness's seam: an implementation of <see cref="IKvImplementation"/> with its run options and the
/// space its scenarios are drawn from. Its scenarios are <see cref="Scenario"/> (<see cref="ScenarioGenerator"/>,
/// <see cref="Shrinker.Candidates"/>), a run is <see cref="ScenarioRunner.Run"/> (a <see cref="Harness.KvCluster"/>, the
/// fault schedule, the KV model, at-most-once, liveness), and a failure's file is <see cref="ScenarioFile"/>.
/// </summary>
/// <param name="implementation">The implementation under test.</param>
/// <param name="run">How each run is judged (check timeout, stall timeout, strict escape detection, ...).</param>
/// <param name="space">The space the sweep's scenarios are drawn from.</param>
public sealed class KvLab(IKvImplementation implementation, RunOptions? run = null, ScenarioSpace? space = null) : ILab<Scenario, Verdict>
{
    private readonly RunOptions _run = run ?? RunOptions.Default;
    private readonly ScenarioSpace _space = space ?? ScenarioSpace.Default;

    /// <inheritdoc/>
    public string Name => "kv";

    /// <inheritdoc/>
    public string Title => "the KV service";

    /// <inheritdoc/>
    public string Implementation => implementation.Name;

    /// <summary>The implementation under test.</summary>
    public IKvImplementation Subject => implementation;

    /// <inheritdoc/>
    public int ShrinkBudget => 2000;

    /// <inheritdoc/>
    public TimeSpan StallTimeout => _run.StallTimeout;

    /// <inheritdoc/>
    public ulong ScenarioSeed(ulong sweepSeed, int index) => ScenarioGenerator.SeedOf(sweepSeed, index);

    /// <inheritdoc/>
    public Scenario Generate(ulong scenarioSeed) => ScenarioGenerator.Generate(scenarioSeed, _space);

    /// <inheritdoc/>
    public Verdict Run(Scenario scenario, LabRun mode, StepRecording? recording = null, IChooser? chooser = null)
    {
        var run = mode switch
        {
            LabRun.AsGiven => _run,
            // A diagnostic run is one run: on a pooled thread, where the simulation's watchdog can report a blocked step.
            LabRun.Diagnostic => _run with { CaptureLog = true, ComputeLinearizations = true, RunOnCallingThread = false },
            _ => _run with { CaptureLog = false, ComputeLinearizations = false, StepRecording = recording },
        };
        return ScenarioRunner.Run(scenario, implementation, chooser is null ? run : run with { Chooser = chooser });
    }

    /// <inheritdoc/>
    public Scenario ExplorationScenario(ulong seed, int clients, int operations, int keys) =>
        new Exploration.ExplorationConfig { Seed = seed, Clients = clients, OperationsPerClient = operations, Keys = keys }.ToScenario();

    /// <inheritdoc/>
    public Verdict WithViolations(Verdict verdict, IReadOnlyList<Violation> violations) => verdict with { Violations = violations };

    /// <inheritdoc/>
    public IEnumerable<Scenario> ShrinkCandidates(Scenario scenario) => Shrinker.Candidates(scenario);

    /// <inheritdoc/>
    public string DefaultFolder(Scenario scenario) =>
        Path.Combine("failures", $"{Artifacts.SafeName(implementation.Name)}-{scenario.Seed.ToString(System.Globalization.CultureInfo.InvariantCulture)}");

    /// <inheritdoc/>
    public ArtifactPaths WriteArtifacts(Verdict verdict, string folder, string notes, string spec) => Artifacts.Write(verdict, folder, notes, spec);

    /// <inheritdoc/>
    public string ScenarioJson(Verdict verdict, string spec) => ScenarioFile.Of(verdict, spec).ToJson();
}
