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
        // Nothing of the order stays where the submission's code could read it.
        Console.SetIn(TextReader.Null);
        var captured = new CappedWriter(order.OutputChars);
        Console.SetOut(captured);
        Console.SetError(captured);
        void Write(WorkerLine line) => protocol.WriteLine(order.Nonce + " " + JsonSerializer.Serialize(line, Compact));
        IGradedSubmission implementation;
        try
        {
            implementation = GradedLabs.Of(order.Tests.FirstOrDefault()?.Lab ?? GradedLabs.Kv.Name).Load(order.Implementation);
        }
        catch (KvImplementationException e)
        {
            Write(new WorkerLine { Error = e.Message });
            return 0;
        }
        foreach (var test in order.Tests)
        {
            Write(new WorkerLine { Start = test.Id });
            var watch = Stopwatch.StartNew(); // outside the simulation: the test's wall time, for the report
            var result = test.Kind switch
            {
                GradeTestKind.Suite => RunSuiteTest(test, implementation),
                GradeTestKind.Explore => implementation.Explore(test, order),
                _ => implementation.RunScenarios(test, order),
            };
            foreach (var file in Files(order, test)) Write(new WorkerLine { File = file });
            Write(new WorkerLine { Result = result with { Seconds = Math.Round(watch.Elapsed.TotalSeconds, 3), Output = captured.Take() } });
            if (result.Blocked) return Restart; // its thread may still spin: go on in a fresh process
        }
        return 0;
    }

    /// <summary>The folder, in the worker's own scratch, where a test's failure files are written before they are sent.</summary>
    internal static string ArtifactsOf(WorkOrder order, GradeTest test) => Path.Combine(order.ArtifactsFolder, Artifacts.SafeName(test.Id));

    /// <summary>The failure files of <paramref name="test"/>, read back from the worker's scratch (which they then leave).</summary>
    private static IEnumerable<WorkerFile> Files(WorkOrder order, GradeTest test)
    {
        string folder = ArtifactsOf(order, test);
        if (!Directory.Exists(folder)) yield break;
        foreach (string name in WorkerFile.Names.Order(StringComparer.Ordinal))
        {
            string path = Path.Combine(folder, name);
            if (File.Exists(path)) yield return new WorkerFile(name, File.ReadAllText(path));
        }
        Directory.Delete(folder, recursive: true);
    }

    private static readonly JsonSerializerOptions Compact = new(Rubric.Json) { WriteIndented = false };

    private static TestResult RunSuiteTest(GradeTest test, IGradedSubmission implementation)
    {
        var name = test.SuiteTest ?? throw new InvalidOperationException($"The test '{test.Id}' names no suite test.");
        var hashes = new List<ulong>();
        var (outcome, reason) = (TestOutcome.Passed, "");
        bool blocked = false;
        using (Labs.TraceHashes.Record(hashes))
        using (KvTimeLimit.Naming(name))
        {
            try
            {
                implementation.RunSuiteTest(name, test.Seed);
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
        };
    }

    /// <summary>The KV lab's exploration of a graded test: every schedule of its configuration; the first failing one's files.</summary>
    internal static TestResult RunExploration(IKvImplementation implementation, GradeTest test, WorkOrder order)
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
        string replay = $"dotnet run -c Release --project KvService -- explore --replay path/to/this/folder/replay.json --impl {order.ReplayImplementation}";
        var file = ExplorationFile.Of(config, result.Choices!, verdict, result.Search.CounterexampleTrace!, order.ReplayImplementation);
        string unwritten = "";
        try
        {
            Artifacts.Write(verdict, ArtifactsOf(order, test), "Replay, from your clone of LabRpc: " + replay, order.ReplayImplementation, file.Write);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            unwritten = $" (Its files could not be written: {e.Message})";
        }
        return TestResult.Of(test, TestOutcome.Failed, $"found after {schedules}: {verdict.Headline}. The schedule's choices that are not the default: {string.Join("; ", file.Deviations ?? [])}.{unwritten}") with
        {
            TraceHashes = [verdict.TraceHashText],
            Nondeterministic = DeterminismCheck.IsNondeterministic(verdict),
        };
    }
}
