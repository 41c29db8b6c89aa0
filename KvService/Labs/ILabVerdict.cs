using KvService.Scenarios;

namespace KvService.Labs;

/// <summary>
/// A lab's judgement of one run, as the harness reads it: the scenario that ran, the trace hash (same scenario, same
/// hash), the counts, what the run got wrong, and whether it was decided. The sweep, the shrink loop, the determinism rule
/// and the failure report read a verdict through this interface only.
/// </summary>
/// <typeparam name="TScenario">The lab's scenario.</typeparam>
public interface ILabVerdict<out TScenario> where TScenario : ILabScenario
{
    /// <summary>The scenario that ran.</summary>
    TScenario Scenario { get; }

    /// <summary>The implementation's name.</summary>
    string Implementation { get; }

    /// <summary>The simulation's trace hash at the end of the run.</summary>
    ulong TraceHash { get; }

    /// <summary>The trace hash as 16 hex digits.</summary>
    string TraceHashText { get; }

    /// <summary>What happened, in numbers.</summary>
    RunCounts Counts { get; }

    /// <summary>What the run got wrong; empty if nothing.</summary>
    IReadOnlyList<Violation> Violations { get; }

    /// <summary>Nothing wrong, and every check decided.</summary>
    bool Passed { get; }

    /// <summary>Something was wrong (<see cref="Violations"/> is not empty).</summary>
    bool Failed { get; }

    /// <summary>Nothing wrong, but a check could not decide: neither a pass nor a failure.</summary>
    bool Unknown { get; }

    /// <summary>Why a check could not decide (<see cref="Unknown"/>), if it says.</summary>
    string? UnknownReason { get; }

    /// <summary>The run stopped because simulated code blocked its thread until the stall timeout: each further run may wait
    /// as long, so it is neither repeated nor shrunk.</summary>
    bool Blocked { get; }

    /// <summary>"passed", "unknown", or the first violation's label.</summary>
    string Headline { get; }

    /// <summary>The verdict for a person: outcome, scenario, counts, trace hash and each violation.</summary>
    string Describe();
}
