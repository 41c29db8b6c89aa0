using System.Globalization;
using KvService.Contract.PrimaryBackup;
using KvService.Labs;
using KvService.Scenarios;
using LabRpc;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// The primary/backup lab on the harness's seam: an implementation of <see cref="IPbImplementation"/> with its run options.
/// Its scenarios are <see cref="PbScenario"/> (<see cref="PbScenarioGenerator"/>, <see cref="PbShrinker.Candidates"/> kept
/// as far apart as generated events), a run is <see cref="PbScenarioRunner.Run(PbScenario, IPbImplementation, PbRunOptions)"/>
/// (a <see cref="Harness.PbCluster"/> with a view service, the fault events, the KV model, at-most-once, liveness), and a
/// failure's file is <see cref="PbScenarioFile"/>.
/// </summary>
/// <param name="implementation">The implementation under test.</param>
/// <param name="run">How each run is judged (the check timeout); <see cref="PbRunOptions.Default"/> if none.</param>
public sealed class PbLab(IPbImplementation implementation, PbRunOptions? run = null) : ILab<PbScenario, PbVerdict>
{
    private readonly PbRunOptions _run = run ?? PbRunOptions.Default;

    /// <inheritdoc/>
    public string Name => "pb";

    /// <inheritdoc/>
    public string Title => "the primary/backup service";

    /// <inheritdoc/>
    public string Implementation => implementation.Name;

    /// <summary>The implementation under test.</summary>
    public IPbImplementation Subject => implementation;

    /// <inheritdoc/>
    public int ShrinkBudget => 300;

    /// <inheritdoc/>
    public TimeSpan StallTimeout => new SimulationOptions().StallTimeout;

    /// <inheritdoc/>
    public ulong ScenarioSeed(ulong sweepSeed, int index) => PbScenarioGenerator.SeedOf(sweepSeed, index);

    /// <inheritdoc/>
    public PbScenario Generate(ulong scenarioSeed) => PbScenarioGenerator.Generate(scenarioSeed);

    /// <inheritdoc/>
    public PbVerdict Run(PbScenario scenario, LabRun mode, StepRecording? recording = null, IChooser? chooser = null)
    {
        var run = mode switch
        {
            LabRun.AsGiven => _run,
            LabRun.Diagnostic => _run with { CaptureLog = true },
            _ => _run with { CaptureLog = false, StepRecording = recording },
        };
        return PbScenarioRunner.Run(scenario, implementation, chooser is null ? run : run with { Chooser = chooser });
    }

    /// <summary>Two servers and the view service on an unreliable network (the chooser decides each request's and reply's
    /// fate), the clerks' workload drawn from the seed, no pauses, and one failover: the primary crashes as the clerks
    /// start and is back a second later; every schedule around it is the chooser's.</summary>
    public PbScenario ExplorationScenario(ulong seed, int clients, int operations, int keys) => new()
    {
        Seed = seed, Servers = 2, Clients = clients, OperationsPerClient = operations, Keys = keys, MaxThinkTime = TimeSpan.Zero, Unreliable = true,
        Faults = [new PbFault(PbFaultKind.CrashPrimary, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1))],
    };

    /// <inheritdoc/>
    public PbVerdict WithViolations(PbVerdict verdict, IReadOnlyList<Violation> violations) => verdict with { Violations = violations };

    /// <inheritdoc/>
    public IEnumerable<PbScenario> ShrinkCandidates(PbScenario scenario) => PbShrinker.Candidates(scenario).Where(PbScenarioGenerator.KeepsEventsApart);

    /// <inheritdoc/>
    public string DefaultFolder(PbScenario scenario) =>
        Path.Combine("failures", $"pb-{Artifacts.SafeName(implementation.Name)}-{scenario.Seed.ToString(CultureInfo.InvariantCulture)}");

    /// <inheritdoc/>
    public ArtifactPaths WriteArtifacts(PbVerdict verdict, string folder, string notes, string spec) => PbArtifacts.Write(verdict, folder, notes, spec);

    /// <inheritdoc/>
    public string ScenarioJson(PbVerdict verdict, string spec) => PbScenarioFile.Of(verdict, spec).ToJson();
}
