using KvService.Contract;

namespace KvService.Scenarios;

/// <summary>
/// Runs a scenario against a KV implementation in a fresh simulation and judges it: linearizability of the recorded
/// history against the KV model, at-most-once on the values observed, liveness after the network heals. A run that
/// fails (a handler or clerk that throws, a deadlock, a blocked thread) gives a failed verdict with the history
/// recorded so far, never an exception.
/// </summary>
public static class ScenarioRunner
{
    /// <summary>Runs <paramref name="scenario"/> against <paramref name="implementation"/>.</summary>
    /// <exception cref="ArgumentException">The scenario is not valid (see <see cref="Scenario.Validate"/>).</exception>
    public static Verdict Run(Scenario scenario, IKvImplementation implementation, RunOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(implementation);
        scenario.Validate();
        return new ScenarioRun(scenario, implementation, options ?? RunOptions.Default).Execute();
    }
}
