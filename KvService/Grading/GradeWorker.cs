using System.Diagnostics;
using System.Text.Json;
using KvService.Contract;
using KvService.Exploration;
using KvService.Harness;
using KvService.Scenarios;
using KvService.Suite;
using LabRpc;

namespace KvService.Grading;

/// <summary>
/// The worker process of the grader (<c>grade-worker</c>): reads a <see cref="WorkOrder"/> from standard input, loads the
/// submission, and runs the tests one by one, writing a <see cref="WorkerLine"/> before and after each to its standard
/// output. The submission's own console output is captured per test (capped), so it cannot mix into those lines. A test
/// that kills the process or never ends is the parent's to report (<see cref="SubmissionRunner"/>): it knows which test
/// had started.
/// </summary>
public static class GradeWorker
{
    /// <summary>The exit code of a worker that stopped after a test whose code kept a thread stuck (it blocked or spun without
    /// awaiting): the parent starts a new worker for the tests left.</summary>
    public const int Restart = 3;

    /// <summary>Runs the work order on standard input; returns the exit code (0 when every test ran, <see cref="Restart"/>, or 2
    /// when the order itself is unreadable).</summary>
    public static int Run()
    {
        var protocol = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        WorkOrder? order;
        try
        {
            order = JsonSerializer.Deserialize<WorkOrder>(Console.In.ReadToEnd(), Rubric.Json);
        }
        catch (JsonException e)
        {
            Console.Error.WriteLine($"grade-worker: the work order on standard input is not valid: {e.Message}");
            return 2;
        }
        if (order is null)
        {
            Console.Error.WriteLine("grade-worker: no work order on standard input.");
            return 2;
        }
        var captured = new CappedWriter(order.OutputChars);
        Console.SetOut(captured);
        Console.SetError(captured);
        IKvImplementation implementation;
        try
        {
            implementation = KvImplementations.Resolve(order.Implementation, "the submission");
        }
        catch (KvImplementationException e)
        {
            Write(protocol, new WorkerLine { Error = e.Message });
            return 0;
        }
        foreach (var test in order.Tests)
        {
            Write(protocol, new WorkerLine { Start = test.Id });
            var watch = Stopwatch.StartNew(); // outside the simulation: the test's wall time, for the report
            var result = test.Kind switch
            {
                GradeTestKind.Suite => RunSuiteTest(test, implementation, order),
                GradeTestKind.Explore => RunExploration(test, implementation, order),
                _ => RunScenarios(test, implementation, order),
            };
            Write(protocol, new WorkerLine { Result = result with { Seconds = Math.Round(watch.Elapsed.TotalSeconds, 3), Output = captured.Take() } });
            if (result.Blocked) return Restart; // its thread may still spin: go on in a fresh process
        }
        return 0;
    }

    private static void Write(StreamWriter protocol, WorkerLine line) => protocol.WriteLine(JsonSerializer.Serialize(line, Compact));

    private static readonly JsonSerializerOptions Compact = new(Rubric.Json) { WriteIndented = false };

    private static TestResult RunSuiteTest(GradeTest test, IKvImplementation implementation, WorkOrder order)
    {
        var suiteTest = KvSuiteTests.All.FirstOrDefault(t => t.Name == test.SuiteTest)
            ?? throw new InvalidOperationException($"The KV suite has no test '{test.SuiteTest}'.");
        var hashes = new List<ulong>();
        var (outcome, reason) = (TestOutcome.Passed, "");
        bool blocked = false;
        using (KvCluster.RecordTraceHashes(hashes))
        using (KvTimeLimit.Naming(suiteTest.Name))
        {
            try
            {
                suiteTest.Run(implementation, test.Seed, TextWriter.Null);
            }
            catch (KvCheckFailedException e)
            {
                (outcome, reason) = (e.Unknown ? TestOutcome.Unknown : TestOutcome.Failed, e.Message);
            }
            catch (Exception e) when (e is SimulationException or KvImplementationException)
            {
                (outcome, reason) = (TestOutcome.Failed, e.Message);
                blocked = e is SimulationBlockedException;
            }
            catch (Exception e)
            {
                (outcome, reason) = (TestOutcome.Failed, $"the implementation threw {e.GetType().Name}: {e.Message}");
            }
        }
        return TestResult.Of(test, TestOutcome.Passed) with
        {
            Outcome = outcome,
            Reason = reason,
            TraceHashes = [.. hashes.Select(Verdict.FormatHash)],
            Blocked = blocked,
            Replay = outcome == TestOutcome.Passed ? null :
                $"LABRPC_KV_IMPL={order.ReplayImplementation} LABRPC_KV_SEED={test.Seed} dotnet test Tests -c Release --filter \"Name={FilterEscape(suiteTest.Name)}\"",
        };
    }

    private static TestResult RunScenarios(GradeTest test, IKvImplementation implementation, WorkOrder order)
    {
        var group = test.Scenarios ?? throw new InvalidOperationException($"The test '{test.Id}' has no scenarios.");
        var space = group.Space();
        var run = RunOptions.Default with { MaxManagedMemory = order.MaxManagedMemory };
        var hashes = new List<string>();
        Verdict? unknown = null;
        for (int i = 0; i < group.Count; i++)
        {
            var scenario = ScenarioGenerator.Generate(ScenarioGenerator.SeedOf(test.Seed, i), space);
            var verdict = ScenarioRunner.Run(scenario, implementation, run);
            if (i % 10 == 0 || verdict.Failed) verdict = DeterminismCheck.Repeat(verdict, implementation, run);
            hashes.Add(verdict.TraceHashText);
            if (verdict.Failed) return Failure(test, i, verdict, implementation, run, order, hashes);
            if (verdict.Unknown) unknown ??= verdict;
        }
        return TestResult.Of(test, TestOutcome.Passed) with
        {
            Outcome = unknown is null ? TestOutcome.Passed : TestOutcome.Unknown,
            Reason = unknown is null ? "" : $"scenario {unknown.Scenario.Seed}: {unknown.Describe().Split('\n')[0]}",
            TraceHashes = hashes,
        };
    }

    private static TestResult Failure(GradeTest test, int index, Verdict failure, IKvImplementation implementation, RunOptions run, WorkOrder order, List<string> hashes)
    {
        var scenario = failure.Scenario;
        string shrunkNote = "";
        if (Shrinker.CanShrink(failure) && !failure.Blocked)
        {
            var shrunk = Shrinker.Shrink(failure, implementation, run, maxRuns: 500);
            scenario = shrunk.Scenario;
            shrunkNote = $" Shrunk from {shrunk.Original.Summary()} to {scenario.Summary()}.";
        }
        // A run that blocked would block again for as long: its files are the failing run's own.
        var verdict = failure.Blocked ? failure : ScenarioRunner.Run(scenario, implementation, run with { CaptureLog = true, ComputeLinearizations = true });
        if (!failure.Blocked) verdict = DeterminismCheck.Carry(failure, verdict, implementation, run);
        string folder = Path.Combine(order.ArtifactsFolder, Artifacts.SafeName(test.Id));
        string replay = $"dotnet run -c Release --project KvService -- replay {Path.Combine(folder, "scenario.json")} --impl {order.ReplayImplementation}";
        string? written = null;
        try
        {
            written = Artifacts.Write(verdict, folder, "Replay: " + replay, order.ReplayImplementation).Folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            shrunkNote += $" (Its files could not be written: {e.Message})";
        }
        return TestResult.Of(test, TestOutcome.Passed) with
        {
            Outcome = TestOutcome.Failed,
            Reason = $"scenario {index + 1} of {test.Scenarios!.Count} ({failure.Scenario.Summary()}): {failure.Headline}.{shrunkNote}",
            TraceHashes = hashes,
            Nondeterministic = DeterminismCheck.IsNondeterministic(failure),
            Blocked = failure.Blocked,
            Replay = replay,
            Artifacts = written,
        };
    }

    private static TestResult RunExploration(GradeTest test, IKvImplementation implementation, WorkOrder order)
    {
        var config = (test.Explore ?? throw new InvalidOperationException($"The test '{test.Id}' has no exploration.")).Config();
        var result = KvExplorer.Explore(implementation, config, RunOptions.Default with { MaxManagedMemory = order.MaxManagedMemory });
        string schedules = $"{result.Search.Schedules:N0} schedules";
        if (result.Failure is not { } verdict)
        {
            return TestResult.Of(test, result.Passed ? TestOutcome.Passed : TestOutcome.Unknown, result.Passed ? "" : $"{result.Headline()} ({schedules})") with
            {
                TraceHashes = [$"{result.Search.Schedules}"],
            };
        }
        string folder = Path.Combine(order.ArtifactsFolder, Artifacts.SafeName(test.Id));
        string replayFile = Path.Combine(folder, "replay.json");
        string replay = $"dotnet run -c Release --project KvService -- explore --replay {replayFile} --impl {order.ReplayImplementation}";
        var file = ExplorationFile.Of(config, result.Choices!, verdict, result.Search.CounterexampleTrace!, order.ReplayImplementation);
        string? written = null;
        try
        {
            written = Artifacts.Write(verdict, folder, "Replay: " + replay, order.ReplayImplementation, file.Write).Folder;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            replay += $" (its files could not be written: {e.Message})";
        }
        return TestResult.Of(test, TestOutcome.Failed, $"found after {schedules}: {verdict.Headline}. The schedule's choices that are not the default: {string.Join("; ", file.Deviations ?? [])}.") with
        {
            TraceHashes = [verdict.TraceHashText],
            Nondeterministic = DeterminismCheck.IsNondeterministic(verdict),
            Replay = replay,
            Artifacts = written,
        };
    }

    private static string FilterEscape(string name) =>
        string.Concat(name.Select(c => c is '(' or ')' or '&' or '|' or '=' or '!' or '~' or '\\' ? "\\" + c : c.ToString()));
}
