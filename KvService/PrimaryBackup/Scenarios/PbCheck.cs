using System.Globalization;
using KvService.Contract.PrimaryBackup;
using LabRpc;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// <c>check --service pb</c>: a sweep of generated primary/backup scenarios, judged like the KV sweep (linearizable,
/// at-most-once, live once the faults stop). Scenario 0 and every 10th run twice and must give one trace hash. The first
/// failure is shrunk and printed with its scenario; an undecided run is unknown, never a pass.
/// </summary>
public static class PbCheck
{
    /// <summary>Exit code when every scenario passed.</summary>
    public const int Passed = 0;

    /// <summary>Exit code when a scenario failed.</summary>
    public const int Violation = 1;

    /// <summary>Exit code when nothing failed but the checker could not decide a run.</summary>
    public const int Unknown = 4;

    /// <summary>The seed of scenario <paramref name="index"/> of the sweep seeded <paramref name="seed"/>.</summary>
    public static ulong ScenarioSeed(ulong seed, int index) => new DeterministicRandom(seed * 0x9E3779B97F4A7C15UL + (ulong)index).NextUInt64();

    /// <summary>Runs <paramref name="scenarios"/> scenarios from <paramref name="seed"/> (numbers <paramref name="first"/>
    /// on) against <paramref name="implementation"/> (named by <paramref name="spec"/>, the <c>--impl</c> repeated in the
    /// command that runs a failure again), writes what it found to <paramref name="output"/>, and returns the exit code.</summary>
    public static int Run(IPbImplementation implementation, int scenarios, ulong seed, int first, bool shrink, TextWriter output, string? spec = null)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Checking the primary/backup service ({implementation.Name}) with {scenarios} fault scenarios, seed {seed}."));
        int unknown = 0, ops = 0, faults = 0;
        PbVerdict? firstUnknown = null;
        for (int i = first; i < first + scenarios; i++)
        {
            var scenario = PbScenarioGenerator.Generate(ScenarioSeed(seed, i));
            var verdict = PbScenarioRunner.Run(scenario, implementation);
            if (!verdict.Failed && (i % 10 == 0 || i == first))
            {
                var again = PbScenarioRunner.Run(scenario, implementation);
                if (again.TraceHash != verdict.TraceHash)
                {
                    verdict = verdict with { Violations = [$"nondeterministic: two runs of one scenario gave trace hashes {verdict.TraceHash:x16} and {again.TraceHash:x16}"] };
                }
            }
            ops += verdict.Operations;
            faults += scenario.Faults.Count;
            if (verdict.Unknown && !verdict.Failed)
            {
                unknown++;
                firstUnknown ??= verdict;
            }
            if (!verdict.Failed) continue;
            output.WriteLine($"Scenario {i} failed: {verdict}");
            if (shrink && !verdict.Violations[0].StartsWith("nondeterministic", StringComparison.Ordinal))
            {
                var (shrunk, runs) = PbShrinker.Shrink(verdict, implementation);
                output.WriteLine($"Shrunk in {runs} runs to: {shrunk}");
            }
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Run it again: check --service pb{(string.IsNullOrWhiteSpace(spec) ? "" : $" --impl {spec.Trim()}")} --seed {seed} --from {i} -n 1"));
            return Violation;
        }
        string counts = string.Create(CultureInfo.InvariantCulture, $"({ops:N0} operations, {faults:N0} fault events)");
        if (firstUnknown is not null)
        {
            output.WriteLine($"UNKNOWN: {unknown} of {scenarios} scenarios could not be decided (the checker ran out of time), the first: " +
                $"{firstUnknown.Scenario}. Nothing was found wrong, but this is not a pass. {counts}");
            return Unknown;
        }
        output.WriteLine($"All {scenarios} scenarios passed. {counts}");
        return Passed;
    }
}
