using KvService.Contract;
using KvService.Labs;

namespace KvService.Scenarios;

/// <summary>
/// Runs many generated KV scenarios against one implementation (the check command's job): the KV lab
/// (<see cref="KvLab"/>) on the harness's one sweep (<see cref="LabSweep"/>), with its determinism sample and its stop
/// on a blocked run.
/// </summary>
public static class ScenarioSweep
{
    /// <summary>Runs the sweep; <paramref name="progress"/> is called (from any thread) after each scenario with the number done.
    /// A cancelled sweep lets the runs under way finish and returns what it found (<see cref="SweepResult{TVerdict}.Cancelled"/>).</summary>
    public static SweepResult<Verdict> Run(IKvImplementation implementation, SweepOptions options, Action<int>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(options);
        options.Space.Validate();
        return LabSweep.Run(new KvLab(implementation, options.Run, options.Space), options.Range, progress, cancellation);
    }
}
