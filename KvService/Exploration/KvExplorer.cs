using KvService.Contract;
using KvService.Scenarios;
using KvService.Labs;
using LabRpc.Exploration;

namespace KvService.Exploration;

/// <summary>
/// Systematic exploration of a KV implementation on a small configuration: the KV lab on the harness's explorer
/// (<see cref="LabExplorer"/>). Every schedule within the bounds (which node runs next, each message's fate, each crash
/// point) is run from the start and judged as <c>check</c> judges a scenario — linearizability, at-most-once on Append
/// tokens, liveness once the faults stop — and the walk stops at the first that fails. The entry point for code (the
/// grader): <see cref="Explore"/>.
/// </summary>
public static class KvExplorer
{
    /// <summary>
    /// Explores <paramref name="config"/> against <paramref name="implementation"/>. The result says how many schedules
    /// were judged, whether the walk was complete within the bounds, and the first failing schedule, run again with its
    /// log kept (<see cref="KvExplorationResult.Failure"/>) and its choices (to replay with <c>Replay</c>).
    /// </summary>
    /// <param name="implementation">The implementation under test.</param>
    /// <param name="config">The workload, faults and bounds.</param>
    /// <param name="run">How each run is judged (the check timeout, strict escape detection, ...); default <see cref="RunOptions.Default"/>.</param>
    /// <param name="cancel">Stops the walk (the result is then incomplete).</param>
    public static KvExplorationResult Explore(IKvImplementation implementation, ExplorationConfig config, RunOptions? run = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        var scenario = config.ToScenario();
        // No time limit on the checker: an exploration's history is tiny (at most 3 × 5 operations and 3 final reads), and a limit
        // costs a timer and a thread per check.
        var options = (run ?? RunOptions.Default) with
        {
            Exploration = config.Faults, CaptureLog = false, ComputeLinearizations = false, CheckTimeout = null, RunOnCallingThread = true,
        };
        var explored = LabExplorer.Explore(new KvLab(implementation, options), scenario, config.Bounds, config.RepeatEvery, cancel);
        return new KvExplorationResult
        {
            Config = config, Implementation = implementation.Name, Search = explored.Search, Failure = explored.Failure, Unknown = explored.Unknown,
        };
    }

    /// <summary>Runs one schedule of <paramref name="config"/>: the default choices, but <paramref name="choices"/> at the
    /// first branching points (see <see cref="ScriptedChooser"/>), judged as an exploration judges it.</summary>
    public static Verdict Replay(IKvImplementation implementation, ExplorationConfig config, IReadOnlyList<int> choices, RunOptions? run = null) =>
        Replay(implementation, config, choices, run, out _);

    /// <summary>As <see cref="Replay(IKvImplementation, ExplorationConfig, IReadOnlyList{int}, RunOptions?)"/>, and gives the
    /// chooser, whose trace tells every branching point of the run (and whether the script still fits it).</summary>
    public static Verdict Replay(IKvImplementation implementation, ExplorationConfig config, IReadOnlyList<int> choices, RunOptions? run, out ScriptedChooser chooser)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(choices);
        chooser = new ScriptedChooser(choices, config.Bounds.Reduction);
        return ScenarioRunner.Run(config.ToScenario(), implementation, (run ?? RunOptions.Diagnostic) with { Exploration = config.Faults, Chooser = chooser });
    }
}
