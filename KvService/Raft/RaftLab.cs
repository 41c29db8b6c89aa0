using System.Globalization;
using KvService.Labs;
using KvService.Scenarios;
using LabRpc;
using LabRpc.Raft;

namespace KvService.Raft;

/// <summary>
/// The Raft lab on the harness's seam: an implementation of <see cref="IRaftImplementation"/>. Its scenarios are
/// <see cref="RaftScenario"/> (<see cref="RaftScenarioGenerator"/>, <see cref="RaftShrinker.Candidates"/>), a run is
/// <see cref="RaftScenarioRunner.Run"/> (the suite's tester, its invariants at every step, liveness once all is healed),
/// and a failure's file is <see cref="RaftScenarioFile"/>.
/// </summary>
/// <param name="implementation">The implementation under test.</param>
/// <param name="run">How each run is observed; <see cref="RaftRunOptions.Default"/> if none.</param>
public sealed class RaftLab(IRaftImplementation implementation, RaftRunOptions? run = null) : ILab<RaftScenario, RaftVerdict>
{
    private readonly RaftRunOptions _run = run ?? RaftRunOptions.Default;

    /// <inheritdoc/>
    public string Name => "raft";

    /// <inheritdoc/>
    public string Title => "Raft";

    /// <inheritdoc/>
    public string Implementation => implementation.Name;

    /// <inheritdoc/>
    public int ShrinkBudget => 300;

    /// <inheritdoc/>
    public TimeSpan StallTimeout => new SimulationOptions().StallTimeout;

    /// <inheritdoc/>
    public ulong ScenarioSeed(ulong sweepSeed, int index) => RaftScenarioGenerator.SeedOf(sweepSeed, index);

    /// <inheritdoc/>
    public RaftScenario Generate(ulong scenarioSeed) => RaftScenarioGenerator.Generate(scenarioSeed);

    /// <inheritdoc/>
    public RaftVerdict Run(RaftScenario scenario, LabRun mode, StepRecording? recording = null, IChooser? chooser = null)
    {
        var options = mode switch
        {
            LabRun.AsGiven => _run,
            LabRun.Diagnostic => _run with { CaptureLog = true },
            _ => _run with { CaptureLog = false, StepRecording = recording },
        };
        return RaftScenarioRunner.Run(scenario, implementation, options, chooser);
    }

    /// <summary>Three peers on a reliable network and no fault events; the client submits <paramref name="operations"/>
    /// commands (the other parameters are the KV labs' and unused); the chooser decides every schedule.</summary>
    public RaftScenario ExplorationScenario(ulong seed, int clients, int operations, int keys) => new()
    {
        Seed = seed, Peers = 3, Commands = operations, CommandInterval = TimeSpan.FromMilliseconds(100), Faults = [],
    };

    /// <inheritdoc/>
    public RaftVerdict WithViolations(RaftVerdict verdict, IReadOnlyList<Violation> violations) => verdict with { Violations = violations };

    /// <inheritdoc/>
    public IEnumerable<RaftScenario> ShrinkCandidates(RaftScenario scenario) => RaftShrinker.Candidates(scenario);

    /// <inheritdoc/>
    public string DefaultFolder(RaftScenario scenario) =>
        Path.Combine("failures", $"raft-{Artifacts.SafeName(implementation.Name)}-{scenario.Seed.ToString(CultureInfo.InvariantCulture)}");

    /// <inheritdoc/>
    public ArtifactPaths WriteArtifacts(RaftVerdict verdict, string folder, string notes, string spec) => RaftArtifacts.Write(verdict, folder, notes, spec);

    /// <inheritdoc/>
    public string ScenarioJson(RaftVerdict verdict, string spec) => RaftScenarioFile.Of(verdict, spec).ToJson();
}
