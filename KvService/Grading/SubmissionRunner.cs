using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using KvService.Scenarios;

namespace KvService.Grading;

/// <summary>
/// Runs a rubric's tests for one built submission in worker processes (<see cref="GradeWorker"/>), and turns whatever a
/// worker does into graded results: a worker that dies fails the test it had started, with the reason (an exit, a stack
/// overflow, out of memory, a native fault), and a new worker goes on with the next test; a test still running when its
/// group's time (or the submission's) runs out is timed out, its worker killed, and the group's other tests are not run.
/// The worker is not trusted: a line counts only if it starts with the work order's nonce and is the one expected next
/// (a result only for the test the grader started), lines are capped in length and in number, every field of a result
/// that names the test comes from the grader's own copy of it, a failure's files come as text and are written where the
/// grader decides, and a worker is killed as soon as its last result is in.
/// </summary>
public sealed class SubmissionRunner(Sandbox sandbox, string harnessDll, RubricLimits limits, int slot = 0)
{
    /// <summary>The longest reason kept from a worker's result, in characters.</summary>
    public const int MaxReason = 16 * 1024;

    /// <summary>Runs <paramref name="tests"/> against the assembly <paramref name="assembly"/> within <paramref name="budget"/>
    /// of wall time. <paramref name="hostScratch"/> is a worker's scratch when there is no sandbox; a failure's files go
    /// into a folder per test under <paramref name="failures"/> (none are kept when it is null); <paramref name="progress"/>
    /// hears each finished test.</summary>
    public IReadOnlyList<TestResult> Run(string assembly, string replayName, IReadOnlyList<GradeTest> tests, string hostScratch, string? failures,
        TimeSpan budget, Action<TestResult>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(tests);
        var results = new Dictionary<string, TestResult>(StringComparer.Ordinal);
        var remaining = new Queue<GradeTest>(tests);
        var submissionEnd = Stopwatch.GetTimestamp() + (long)(budget.TotalSeconds * Stopwatch.Frequency); // outside the simulation: the grader's parent process times its workers; no simulation runs here
        string limitText = $"the submission's time limit ({budget.TotalSeconds:0} s)";
        var groupEnds = new Dictionary<string, long>(StringComparer.Ordinal);
        void Record(TestResult result)
        {
            results[result.Id] = result;
            progress?.Invoke(result);
        }
        int workers = 0;
        while (remaining.Count > 0)
        {
            if (Stopwatch.GetTimestamp() >= submissionEnd) // outside the simulation: the grader's parent process times its workers; no simulation runs here
            {
                while (remaining.TryDequeue(out var left))
                    Record(NotRun(left, $"not run: {limitText} was used up by earlier tests"));
                break;
            }
            var order = new WorkOrder
            {
                Implementation = assembly,
                ReplayImplementation = replayName,
                Tests = [.. remaining],
                ArtifactsFolder = Path.Combine(sandbox.Isolated ? "/tmp" : hostScratch, "failures"),
                Nonce = RandomNumberGenerator.GetHexString(32, lowercase: true),
                OutputChars = limits.OutputKiB * 1024,
                MaxManagedMemory = ((long)limits.MemoryMiB << 20) * 3 / 4,
            };
            string scratch = Path.Combine(hostScratch, $"worker{++workers}");
            var stop = RunWorker(order, Path.GetDirectoryName(Path.GetFullPath(assembly))!, scratch, failures, submissionEnd, limitText, groupEnds, remaining, Record);
            if (stop is { } error)
            {
                while (remaining.TryDequeue(out var left)) Record(Failed(left, error));
            }
        }
        return [.. tests.Select(t => results[t.Id])];
    }

    /// <summary>One worker's life; returns an error that fails every remaining test, or null to go on.</summary>
    private string? RunWorker(WorkOrder order, string assemblyFolder, string scratch, string? failures, long submissionEnd, string submissionLimit,
        Dictionary<string, long> groupEnds, Queue<GradeTest> remaining, Action<TestResult> record)
    {
        WorkerProcess worker;
        try
        {
            worker = sandbox.Start(harnessDll, assemblyFolder, scratch, limits, slot);
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            return $"the worker process could not start: {e.Message}";
        }
        using var _ = worker;
        worker.Send(JsonSerializer.Serialize(order, Rubric.Json));
        string prefix = order.Nonce + " ";
        int maxLines = 16 + order.Tests.Count * (3 + WorkerFile.Names.Count);
        int lines = 0;
        GradeTest? current = null;
        long currentStart = 0;
        int finished = 0;
        var files = new List<WorkerFile>();
        TestResult Crashed(GradeTest test, string reason, string output = "") => TestResult.Of(test, TestOutcome.Crashed, reason) with
        {
            Output = test.Hidden ? "" : output,
            Seconds = Math.Round(Seconds(Stopwatch.GetTimestamp() - currentStart), 3), // outside the simulation: the grader's parent process times its workers; no simulation runs here
        };
        while (true)
        {
            long end = submissionEnd;
            string limitText = submissionLimit;
            if (current is not null && groupEnds.TryGetValue(current.Group, out long groupEnd) && groupEnd < end)
                (end, limitText) = (groupEnd, $"the time limit of group '{current.Group}' ({limits.GroupSeconds:0} s)");
            // In seconds: a limit past 922 s in ticks (× 10^7) overflows at a 1 GHz Stopwatch frequency.
            var wait = TimeSpan.FromSeconds(Math.Max(0, end - Stopwatch.GetTimestamp()) / (double)Stopwatch.Frequency); // outside the simulation: the grader's parent process times its workers; no simulation runs here
            string? text;
            try
            {
                if (!worker.TryReadLine(wait, out text))
                {
                    worker.Kill();
                    if (current is null) return $"the worker did not start a test before {limitText} ran out";
                    double seconds = Seconds(Stopwatch.GetTimestamp() - currentStart); // outside the simulation: the grader's parent process times its workers; no simulation runs here
                    record(Timed(current, $"still running after {seconds:0.#} s, when {limitText} ran out: an endless loop, a deadlock outside the simulation, or far too slow"));
                    Dequeue(remaining, current);
                    // The group's time is used up: its other tests are not run.
                    while (remaining.TryPeek(out var next) && next.Group == current.Group)
                        record(NotRun(remaining.Dequeue(), $"not run: {limitText} was used up by an earlier test"));
                    return null;
                }
            }
            catch (InvalidDataException e)
            {
                worker.Kill();
                string reason = $"the worker broke the grader's limits on output ({e.Message}) and was stopped";
                if (current is null) return reason;
                record(Crashed(current, reason));
                Dequeue(remaining, current);
                return null;
            }
            if (text is null) break; // the worker ended
            if (++lines > maxLines)
            {
                worker.Kill();
                string reason = $"the worker wrote more than the {maxLines} lines the grader's protocol has for these tests, and was stopped";
                if (current is null) return reason;
                record(Crashed(current, reason));
                Dequeue(remaining, current);
                return null;
            }
            if (!text.StartsWith(prefix, StringComparison.Ordinal)) continue; // not a line of the protocol: output that slipped past the capture
            WorkerLine? line;
            try
            {
                line = JsonSerializer.Deserialize<WorkerLine>(text.AsSpan(prefix.Length), Rubric.Json);
            }
            catch (JsonException)
            {
                continue;
            }
            if (line is null) continue;
            if (line.Error is { } error && current is null && finished == 0)
            {
                worker.End(TimeSpan.FromSeconds(5));
                return $"the submission could not be loaded: {Cap(error, MaxReason)}";
            }
            if (line.Start is { } id && current is null && remaining.TryPeek(out var next2) && next2.Id == id)
            {
                current = next2;
                currentStart = Stopwatch.GetTimestamp(); // outside the simulation: the grader's parent process times its workers; no simulation runs here
                if (!groupEnds.ContainsKey(current.Group)) groupEnds[current.Group] = currentStart + (long)(limits.GroupSeconds * Stopwatch.Frequency); // outside the simulation: the grader's parent times its workers
                files.Clear();
            }
            else if (line.File is { } file && current is not null && WorkerFile.Names.Contains(file.Name) && files.All(f => f.Name != file.Name))
            {
                files.Add(file);
            }
            else if (line.Result is { } result && current is not null && result.Id == current.Id)
            {
                record(Accept(current, result, files, order.ReplayImplementation, failures, Seconds(Stopwatch.GetTimestamp() - currentStart))); // outside the simulation: the grader's parent process times its workers; no simulation runs here
                finished++;
                Dequeue(remaining, current);
                current = null;
                files.Clear();
                if (remaining.Count == 0) return null; // done: the worker is ended now, whatever it still runs
            }
        }
        int exit = worker.End(TimeSpan.FromSeconds(5));
        if (current is null)
        {
            // A worker stops early on purpose after a test that left a thread stuck in the submission's code: a new one goes on.
            return remaining.Count == 0 || (finished > 0 && exit == GradeWorker.Restart) ? null
                : $"the worker ended before running every test ({Describe(exit, worker.Stderr)})";
        }
        string stderr = worker.Stderr;
        record(Crashed(current, Describe(exit, stderr), stderr));
        Dequeue(remaining, current);
        return null;
    }

    /// <summary>A worker's result for <paramref name="test"/>, taken as the grader's own: the test's names and seed from the
    /// grader, the outcome only if a worker may give it, the texts capped, the output withheld for a hidden seed, the files
    /// written under <paramref name="failures"/> in a folder the grader names, the replay command made here.</summary>
    private TestResult Accept(GradeTest test, TestResult result, IReadOnlyList<WorkerFile> files, string replayName, string? failures, double seconds)
    {
        var outcome = result.Outcome is TestOutcome.Passed or TestOutcome.Failed or TestOutcome.Unknown ? result.Outcome : TestOutcome.Failed;
        var accepted = TestResult.Of(test, outcome, Cap(result.Reason, MaxReason)) with
        {
            TraceHashes = [.. result.TraceHashes.Take(100_000).Select(h => Cap(h, 32))],
            Seconds = Math.Round(seconds, 3),
            Output = test.Hidden ? "" : Cap(result.Output, limits.OutputKiB * 1024),
            Nondeterministic = result.Nondeterministic,
            Blocked = result.Blocked,
        };
        if (outcome == TestOutcome.Passed) return accepted;
        string? folder = null;
        if (failures is not null && files.Count > 0)
        {
            folder = Path.Combine(failures, Artifacts.SafeName(test.Id));
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
            Directory.CreateDirectory(folder);
            // A hidden seed's run log is the submission's own output under that seed: not returned (the scenario replays it).
            foreach (var file in files.Where(f => !(test.Hidden && f.Name == "run.log")))
                File.WriteAllText(Path.Combine(folder, file.Name), file.Text);
        }
        return accepted with { Artifacts = folder, Replay = ReplayCommand(test, replayName, folder) };
    }

    /// <summary>The command that replays a failed test at home, from a clone of LabRpc.</summary>
    internal static string? ReplayCommand(GradeTest test, string replayName, string? folder)
    {
        string impl = ShellQuote(replayName);
        return test.Kind switch
        {
            GradeTestKind.Suite when test.SuiteTest is { } name =>
                $"LABRPC_KV_IMPL={impl} LABRPC_KV_SEED={test.Seed} dotnet test Tests -c Release --filter \"Name={FilterEscape(name)}\"",
            GradeTestKind.Scenarios when folder is not null => $"dotnet run -c Release --project KvService -- replay {ShellQuote(Path.Combine(folder, "scenario.json"))} --impl {impl}",
            GradeTestKind.Explore when folder is not null => $"dotnet run -c Release --project KvService -- explore --replay {ShellQuote(Path.Combine(folder, "replay.json"))} --impl {impl}",
            _ => null,
        };
    }

    private static string ShellQuote(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ':' or '+' or ',') ? text : "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";

    private static string FilterEscape(string name) =>
        string.Concat(name.Select(c => c is '(' or ')' or '&' or '|' or '=' or '!' or '~' or '\\' ? "\\" + c : c.ToString()));

    private static string Cap(string? text, int length) => text is null ? "" : text.Length <= length ? text : text[..length] + " [...]";

    /// <summary>Why a worker died, in words, from its exit code and the end of its standard error.</summary>
    internal static string Describe(int exitCode, string stderr)
    {
        if (stderr.Contains("Stack overflow", StringComparison.Ordinal)) return "the process crashed with a stack overflow (endless recursion?)";
        if (stderr.Contains("OutOfMemoryException", StringComparison.Ordinal) || stderr.Contains("GC heap initialization failed", StringComparison.Ordinal))
            return "the process ran out of memory";
        if (stderr.Contains("AccessViolationException", StringComparison.Ordinal))
            return "the process crashed with a native fault (access violation: a write or read through a bad pointer)";
        if (stderr.Contains("Process terminated", StringComparison.Ordinal)) return "the process ended itself (Environment.FailFast): " + FirstLine(stderr, "Process terminated");
        if (stderr.Contains("Unhandled exception", StringComparison.Ordinal)) return "the process crashed with an unhandled exception: " + FirstLine(stderr, "Unhandled exception");
        return exitCode switch
        {
            137 => "the process was killed (signal 9): most likely out of memory",
            139 => "the process crashed with a native fault (signal 11, segmentation fault)",
            134 => "the process aborted (signal 6)",
            > 128 and < 160 => $"the process was killed by signal {exitCode - 128}",
            0 => "the process exited (code 0) in the middle of a test: Environment.Exit?",
            _ => $"the process exited with code {exitCode} in the middle of a test: Environment.Exit({exitCode})?",
        };
    }

    private static string FirstLine(string text, string start)
    {
        int i = text.IndexOf(start, StringComparison.Ordinal);
        string rest = text[i..];
        int end = rest.IndexOf('\n', StringComparison.Ordinal);
        return (end < 0 ? rest : rest[..end]).Trim();
    }

    private static void Dequeue(Queue<GradeTest> remaining, GradeTest test)
    {
        if (remaining.TryPeek(out var first) && first == test) remaining.Dequeue();
    }

    /// <summary>A test that was not run: the time ran out before it.</summary>
    private static TestResult NotRun(GradeTest test, string reason) => TestResult.Of(test, TestOutcome.NotRun, reason);

    private static TestResult Failed(GradeTest test, string reason) => TestResult.Of(test, TestOutcome.Failed, reason);

    private static TestResult Timed(GradeTest test, string reason) => TestResult.Of(test, TestOutcome.TimedOut, reason);

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency; // outside the simulation: the grader's parent process times its workers; no simulation runs here
}
