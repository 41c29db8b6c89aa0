using KvService.Scenarios;
using LabRpc;

namespace KvService.Labs;

/// <summary>
/// The determinism rule of every lab: a scenario is a seed, so two runs of it must be the same step for step. Which runs
/// are repeated (<see cref="ShouldRepeat"/>: a sweep's scenario 0, every 10th, every failing one), the second run and its
/// comparison (<see cref="Repeat"/>), and, when the trace hashes differ, two more runs that record every step and name the
/// first step where they went different ways.
/// </summary>
public static class LabDeterminism
{
    /// <summary>Every how many scenarios of a sweep one runs twice.</summary>
    public const int RepeatEvery = 10;

    /// <summary>Whether scenario <paramref name="index"/> of a sweep runs a second time: every <paramref name="every"/>-th
    /// (scenario 0 among them) and every failing one, unless repeating is off or the run cannot be repeated cheaply
    /// (<see cref="IsRepeatable"/>).</summary>
    public static bool ShouldRepeat<TScenario>(int index, ILabVerdict<TScenario> verdict, int every = RepeatEvery) where TScenario : ILabScenario
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return every > 0 && (index % every == 0 || verdict.Failed) && IsRepeatable(verdict);
    }

    /// <summary>Runs <paramref name="first"/>'s scenario again; returns <paramref name="first"/> if the trace hashes agree,
    /// else <paramref name="first"/> with a <see cref="ViolationKind.Nondeterministic"/> violation added.</summary>
    public static TVerdict Repeat<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, TVerdict first)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(first);
        var second = lab.Run(first.Scenario, LabRun.Plain);
        if (second.TraceHash == first.TraceHash || second.Blocked) return first;
        return lab.WithViolations(first, [.. first.Violations, new Violation(ViolationKind.Nondeterministic, Explain(lab, first, second))]);
    }

    /// <summary>The report of a nondeterministic <paramref name="failure"/> after its scenario was shrunk and run again as
    /// <paramref name="verdict"/>: <paramref name="verdict"/> checked again by <see cref="Repeat"/>, and if its runs happened
    /// to agree, with <paramref name="failure"/>'s nondeterminism kept. Any other failure: <paramref name="verdict"/> as it is.</summary>
    public static TVerdict Carry<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, TVerdict failure, TVerdict verdict)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        ArgumentNullException.ThrowIfNull(lab);
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(verdict);
        if (!IsNondeterministic(failure) || IsNondeterministic(verdict)) return verdict;
        var again = Repeat(lab, verdict);
        if (IsNondeterministic(again)) return again;
        var original = failure.Violations.First(v => v.Kind == ViolationKind.Nondeterministic);
        return lab.WithViolations(verdict,
            [.. verdict.Violations, original with { Message = $"in the scenario as it was before shrinking ({failure.Scenario.Summary()}), {original.Message}" }]);
    }

    /// <summary>Whether <paramref name="verdict"/> is worth a second run: not a run that waited out the stall timeout (a second
    /// would wait as long), nor one stopped by the memory budget (which step notices it depends on the whole process).</summary>
    public static bool IsRepeatable<TScenario>(ILabVerdict<TScenario> verdict) where TScenario : ILabScenario
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return !verdict.Blocked && !verdict.Violations.Any(v => v.Kind == ViolationKind.RunFailed && v.Message.Contains(nameof(SimulationOptions.MaxManagedMemory), StringComparison.Ordinal));
    }

    /// <summary>Whether <paramref name="verdict"/> says its scenario does not replay the same.</summary>
    public static bool IsNondeterministic<TScenario>(ILabVerdict<TScenario> verdict) where TScenario : ILabScenario =>
        verdict?.Violations.Any(v => v.Kind == ViolationKind.Nondeterministic) ?? throw new ArgumentNullException(nameof(verdict));

    private static string Explain<TScenario, TVerdict>(ILab<TScenario, TVerdict> lab, TVerdict first, TVerdict second)
        where TScenario : class, ILabScenario where TVerdict : class, ILabVerdict<TScenario>
    {
        var outcomes = first.Passed == second.Passed ? "" : $"; the first {Outcome(first)}, the second {Outcome(second)}";
        var recorded = (new StepRecording(), new StepRecording());
        var a = lab.Run(first.Scenario, LabRun.Plain, recorded.Item1);
        var b = lab.Run(first.Scenario, LabRun.Plain, recorded.Item2);
        string where = StepRecording.FirstDifference(recorded.Item1, recorded.Item2) is { } difference
            ? $"Two more runs, recording every step, first diverged at {difference.Describe()}."
            : !recorded.Item1.IsComplete || !recorded.Item2.IsComplete
            ? $"Two more runs agreed over the first {Math.Min(recorded.Item1.Count, recorded.Item2.Count)} steps, as many as were recorded; " +
              $"they ended with trace hashes {a.TraceHashText} and {b.TraceHashText}."
            : a.TraceHash == b.TraceHash
            ? $"Two more runs, recording every step, agreed with each other step for step (trace hash {a.TraceHashText}): the " +
              "difference comes and goes, so it depends on real timing (a thread, a real timer) or on what ran before in the process."
            : $"Two more runs, recording every step, agreed step for step but ended with different trace hashes ({a.TraceHashText} " +
              $"and {b.TraceHashText}): what differs happened after the last step.";
        return $"two runs of this scenario ended with different trace hashes ({first.TraceHashText} and {second.TraceHashText}){outcomes}. " +
            "The same scenario must run the same every time: the implementation depends on something outside the simulation — " +
            "an unseeded random number (Random.Shared, new Random(), Guid.NewGuid), the real clock (DateTime.Now, Stopwatch), a " +
            $"thread, Task.Run or a real timer, or a static field left over from an earlier run. Draw random numbers from runtime.Random " +
            $"and time from runtime.Time. {where}";
    }

    private static string Outcome<TScenario>(ILabVerdict<TScenario> verdict) where TScenario : ILabScenario =>
        verdict.Passed ? "passed" : verdict.Unknown ? "was unknown" : $"failed ({verdict.Headline})";
}
