using System.Globalization;
using KvService.Cli;
using KvService.Contract.PrimaryBackup;
using KvService.Scenarios;
using LabRpc;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// <c>check --service pb</c>: a sweep of generated primary/backup scenarios, judged like the KV sweep (linearizable,
/// at-most-once, live once the faults stop). Scenario 0 and every 10th run twice and must give one trace hash. The first
/// failure is shrunk, run again with its log kept, and written to a folder (<see cref="PbArtifacts"/>) with the command
/// that replays it; if the folder cannot be written, the verdict, the scenario file and the command are printed instead.
/// An undecided run is unknown, never a pass.
/// </summary>
public static class PbCheck
{
    /// <summary>Exit code when every scenario passed.</summary>
    public const int Passed = 0;

    /// <summary>Exit code when a scenario failed.</summary>
    public const int Violation = 1;

    /// <summary>Exit code for an output folder that cannot be written (checked before the sweep).</summary>
    public const int Usage = 2;

    /// <summary>Exit code when nothing failed but the checker could not decide a run.</summary>
    public const int Unknown = 4;

    /// <summary>The seed of scenario <paramref name="index"/> of the sweep seeded <paramref name="seed"/>.</summary>
    public static ulong ScenarioSeed(ulong seed, int index) => new DeterministicRandom(seed * 0x9E3779B97F4A7C15UL + (ulong)index).NextUInt64();

    /// <summary>The folder a failure's artifacts go to unless one is named: <c>failures/pb-&lt;implementation&gt;-&lt;scenario seed&gt;</c>.</summary>
    public static string DefaultFolder(string implementation, ulong scenarioSeed) =>
        Path.Combine("failures", $"pb-{Artifacts.SafeName(implementation)}-{scenarioSeed.ToString(CultureInfo.InvariantCulture)}");

    /// <summary>Runs <paramref name="scenarios"/> scenarios from <paramref name="seed"/> (numbers <paramref name="first"/>
    /// on) against <paramref name="implementation"/> (named by <paramref name="spec"/>, the <c>--impl</c> repeated in the
    /// commands printed and in the scenario file), writes what it found to <paramref name="output"/>, a failure's artifacts
    /// to <paramref name="folder"/> (<see cref="DefaultFolder"/> if null), and returns the exit code. <paramref name="parallelism"/>
    /// scenarios run at once (default: one per core), each a simulation of its own on a thread of its own; what the sweep
    /// finds does not depend on it: scenarios run in batches, and each batch is judged in order.</summary>
    public static int Run(IPbImplementation implementation, int scenarios, ulong seed, int first, bool shrink, TextWriter output, string? spec = null,
        string? folder = null, int? parallelism = null)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(output);
        if (folder is not null && CheckCommand.OutputProblem(folder) is { } problem)
        {
            output.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Checking the primary/backup service ({implementation.Name}) with {scenarios} fault scenarios, seed {seed}."));
        int unknown = 0, ops = 0, faults = 0;
        PbVerdict? firstUnknown = null;
        int threads = Math.Max(1, parallelism ?? Environment.ProcessorCount);
        var batch = new PbVerdict[threads * 8];
        for (int i = first, batchStart = first; i < first + scenarios; i++)
        {
            if (i == batchStart + batch.Length || i == first)
            {
                batchStart = i;
                int start = i, count = Math.Min(batch.Length, first + scenarios - i);
                Parallel.For(0, count, new ParallelOptions { MaxDegreeOfParallelism = threads }, // outside the simulation: each scenario is a simulation of its own
                    k => batch[k] = RunOnce(implementation, start + k, ScenarioSeed(seed, start + k), start + k == first));
            }
            var verdict = batch[i - batchStart];
            var scenario = verdict.Scenario;
            ops += verdict.Operations;
            faults += scenario.Faults.Count;
            if (verdict.Unknown && !verdict.Failed)
            {
                unknown++;
                firstUnknown ??= verdict;
            }
            if (!verdict.Failed) continue;
            output.WriteLine($"Scenario {i} failed: {verdict}");
            var notes = new List<string>();
            var failing = verdict;
            if (shrink && !verdict.Nondeterministic)
            {
                var (shrunk, runs) = PbShrinker.Shrink(verdict, implementation);
                output.WriteLine($"Shrunk in {runs} runs to: {shrunk}");
                notes.Add($"Shrunk in {runs} runs from scenario {i} of the sweep with seed {seed}: {verdict.Scenario}");
                failing = shrunk;
            }
            var rerun = string.Create(CultureInfo.InvariantCulture, $"check --service pb{(string.IsNullOrWhiteSpace(spec) ? "" : $" --impl {spec.Trim()}")} --seed {seed} --from {i} -n 1");
            output.WriteLine($"Run it again: {rerun}");
            notes.Add($"The sweep's scenario as generated: {CheckCommand.Cli} {rerun}");
            Report(failing, implementation, spec, folder, notes, output);
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

    /// <summary>Scenario <paramref name="index"/> run and judged; scenario 0 of the sweep, every 10th and the first run
    /// twice, and a run that does not end with the same trace hash twice is a violation.</summary>
    private static PbVerdict RunOnce(IPbImplementation implementation, int index, ulong scenarioSeed, bool isFirst)
    {
        var scenario = PbScenarioGenerator.Generate(scenarioSeed);
        var verdict = PbScenarioRunner.Run(scenario, implementation);
        if (verdict.Failed || (index % 10 != 0 && !isFirst)) return verdict;
        var again = PbScenarioRunner.Run(scenario, implementation);
        return again.TraceHash == verdict.TraceHash ? verdict : verdict with { Violations = [Differ(verdict.TraceHash, again.TraceHash)] };
    }

    /// <summary>Runs the failure again with its log kept (and once more without, to see that it is the same run), writes its
    /// artifacts and prints the verdict and the command that replays it; when the artifacts cannot be written, prints the
    /// scenario file instead.</summary>
    private static void Report(PbVerdict failure, IPbImplementation implementation, string? spec, string? folder, List<string> notes, TextWriter output)
    {
        var verdict = PbScenarioRunner.Run(failure.Scenario, implementation, PbRunOptions.Diagnostic);
        if (failure.Nondeterministic && !verdict.Nondeterministic)
            verdict = verdict with { Violations = [.. verdict.Violations, .. failure.Violations.Where(v => v.Kind == ViolationKind.Nondeterministic)] };
        var plain = PbScenarioRunner.Run(failure.Scenario, implementation);
        if (plain.TraceHash != verdict.TraceHash || plain.Failed != verdict.Failed)
        {
            var warning = $"Warning: two runs of this scenario differ (trace hash {plain.TraceHashText} and {verdict.TraceHashText}): " +
                "the implementation is not deterministic (a thread, a real timer, an unseeded random number, a static left over from an earlier run?).";
            output.WriteLine(warning);
            notes.Add(warning);
            if (!verdict.Nondeterministic) verdict = verdict with { Violations = [.. verdict.Violations, Differ(plain.TraceHash, verdict.TraceHash)] };
        }

        // The scenario file names the implementation so that replay finds it again from any folder.
        var named = string.IsNullOrWhiteSpace(spec) ? "reference" : CheckCommand.Spec(spec);
        var where = Path.GetFullPath(folder ?? DefaultFolder(implementation.Name, verdict.Scenario.Seed));
        var replay = CheckCommand.ReplayCommandLine(Path.Combine(where, "scenario.json"));
        notes.Add("Replay: " + replay);
        var heading = CheckCommand.ReplayHeading(verdict.Nondeterministic);
        ArtifactPaths paths;
        try
        {
            paths = PbArtifacts.Write(verdict, where, string.Join("\n", notes), named);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The report is what matters: print it all, with the scenario to save and replay.
            output.WriteLine();
            output.WriteLine(verdict.Describe());
            output.WriteLine();
            output.WriteLine($"The artifacts could not be written to {where}: {e.Message}");
            output.WriteLine("The scenario (save it as scenario.json and replay it with the command below):");
            output.WriteLine(PbScenarioFile.Of(verdict, named).ToJson());
            output.WriteLine(heading);
            output.WriteLine("  " + CheckCommand.ReplayCommandLine("scenario.json"));
            return;
        }
        output.WriteLine();
        output.WriteLine(verdict.Describe());
        output.WriteLine();
        foreach (var line in CheckCommand.ArtifactList(paths)) output.WriteLine(line);
        output.WriteLine(heading);
        output.WriteLine("  " + replay);
    }

    private static Violation Differ(ulong first, ulong second) => new(ViolationKind.Nondeterministic,
        $"two runs of one scenario gave trace hashes {Verdict.FormatHash(first)} and {Verdict.FormatHash(second)}");
}
