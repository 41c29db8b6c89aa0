using KvService.Contract;
using LabRpc;

namespace KvService.Scenarios;

/// <summary>
/// Runs a scenario a second time and compares the trace hashes: a scenario is a seed, so two runs must be the same step
/// for step. When they are not, two more runs record every step and the verdict gains a <see cref="ViolationKind.Nondeterministic"/>
/// violation that names the first step where they went different ways.
/// </summary>
public static class DeterminismCheck
{
    /// <summary>
    /// Runs <paramref name="first"/>'s scenario again; returns <paramref name="first"/> if the trace hashes agree, else
    /// <paramref name="first"/> with a <see cref="ViolationKind.Nondeterministic"/> violation added.
    /// </summary>
    public static Verdict Repeat(Verdict first, IKvImplementation implementation, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(options);
        var run = options with { CaptureLog = false, ComputeLinearizations = false, StepRecording = null };
        var second = ScenarioRunner.Run(first.Scenario, implementation, run);
        if (second.TraceHash == first.TraceHash || second.Blocked) return first;
        return first with { Violations = [.. first.Violations, new Violation(ViolationKind.Nondeterministic, Explain(first, second, implementation, run))] };
    }

    /// <summary>
    /// The report of a nondeterministic <paramref name="failure"/> after its scenario was shrunk and run again as
    /// <paramref name="verdict"/>: <paramref name="verdict"/> checked again by <see cref="Repeat"/>, and if its runs happened
    /// to agree, with <paramref name="failure"/>'s nondeterminism kept. Any other failure: <paramref name="verdict"/> as it is.
    /// </summary>
    public static Verdict Carry(Verdict failure, Verdict verdict, IKvImplementation implementation, RunOptions options)
    {
        ArgumentNullException.ThrowIfNull(failure);
        ArgumentNullException.ThrowIfNull(verdict);
        if (!IsNondeterministic(failure) || IsNondeterministic(verdict)) return verdict;
        var again = Repeat(verdict, implementation, options);
        if (IsNondeterministic(again)) return again;
        var original = failure.Violations.First(v => v.Kind == ViolationKind.Nondeterministic);
        return verdict with { Violations = [.. verdict.Violations, original with { Message = $"in the scenario as it was before shrinking ({failure.Scenario.Summary()}), {original.Message}" }] };
    }

    /// <summary>Whether <paramref name="verdict"/> is worth a second run: not a run that waited out the stall timeout (a second
    /// would wait as long), nor one stopped by the memory budget (which step notices it depends on the whole process).</summary>
    public static bool IsRepeatable(Verdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return !verdict.Blocked && !verdict.Violations.Any(v => v.Kind == ViolationKind.RunFailed && v.Message.Contains(nameof(SimulationOptions.MaxManagedMemory), StringComparison.Ordinal));
    }

    /// <summary>Whether <paramref name="verdict"/> says its scenario does not replay the same.</summary>
    public static bool IsNondeterministic(Verdict verdict) =>
        verdict?.Violations.Any(v => v.Kind == ViolationKind.Nondeterministic) ?? throw new ArgumentNullException(nameof(verdict));

    private static string Explain(Verdict first, Verdict second, IKvImplementation implementation, RunOptions run)
    {
        var outcomes = first.Passed == second.Passed ? "" : $"; the first {Outcome(first)}, the second {Outcome(second)}";
        var recorded = (new StepRecording(), new StepRecording());
        var a = ScenarioRunner.Run(first.Scenario, implementation, run with { StepRecording = recorded.Item1 });
        var b = ScenarioRunner.Run(first.Scenario, implementation, run with { StepRecording = recorded.Item2 });
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

    private static string Outcome(Verdict verdict) => verdict.Passed ? "passed" : verdict.Unknown ? "was unknown" : $"failed ({verdict.Headline})";
}
