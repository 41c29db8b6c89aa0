namespace KvService.Labs;

/// <summary>A lab's scenario as the harness sees it: a value that one seed names and one line describes. The lab's own
/// record holds the rest (workload, faults, bounds).</summary>
public interface ILabScenario
{
    /// <summary>The scenario's seed: with the rest of the scenario, it names one run exactly.</summary>
    ulong Seed { get; }

    /// <summary>The scenario in one line, for a person.</summary>
    string Summary();
}
