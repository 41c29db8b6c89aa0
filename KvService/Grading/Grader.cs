using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;

namespace KvService.Grading;

/// <summary>
/// Grades a class: compiles and checks every submission (<see cref="SubmissionCompiler"/>), runs the rubric's tests for each in worker
/// processes (<see cref="SubmissionRunner"/>), runs a sample again in a fresh process to find nondeterminism, scores, and
/// writes each student's result, feedback and JUnit file and the CSV and JSON of every result in the output folder
/// (<see cref="GradeReports"/>).
/// </summary>
public sealed class Grader(Rubric rubric, GradeOptions options)
{
    /// <summary>The folder, under the output, of each submission's scratch space.</summary>
    public const string WorkFolder = ".work";

    /// <summary>The harness's version: the git commit it was built from.</summary>
    public static string HarnessVersion { get; } =
        typeof(Grader).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion is { } v && v.Contains('+', StringComparison.Ordinal)
            ? v[(v.IndexOf('+', StringComparison.Ordinal) + 1)..]
            : "unknown";

    /// <summary>How workers are isolated on this machine.</summary>
    public Sandbox Sandbox { get; } = Sandbox.Detect(options.UseBubblewrap);

    /// <summary>The submissions this grader's shard grades, in name order.</summary>
    public IReadOnlyList<Submission> Submissions() =>
        [.. Submission.Find(options.Submissions).Where((_, i) => i % options.Shards == options.Shard)];

    /// <summary>Grades the shard's submissions; <paramref name="progress"/> hears (student, tests done, tests in all) and
    /// each finished submission. Returns every result, resumed ones included, in name order. Refuses (with
    /// <see cref="GradeException"/>) to grade without bubblewrap unless <see cref="GradeOptions.UseBubblewrap"/> is off.</summary>
    public IReadOnlyList<SubmissionResult> Run(Action<string, int, int>? progress = null, Action<SubmissionResult>? finished = null, TextWriter? buildLog = null)
    {
        if (options.UseBubblewrap && !Sandbox.Isolated)
            throw new GradeException("bubblewrap is not installed, so submissions would run with access to the machine (other submissions, the rubric, " +
                "the network). Install it (apt-get install bubblewrap), or grade with --no-sandbox to run them without it (as a student grading " +
                "their own submission at home may); the results then say \"sandbox: none\".");
        string output = Path.GetFullPath(options.Output);
        Directory.CreateDirectory(output);
        var submissions = Submissions();
        var clash = submissions.GroupBy(s => s.Key, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null) throw new GradeException($"The students {string.Join(" and ", clash.Select(s => $"'{s.Name}'"))} would share the results folder '{clash.Key}'; rename one.");
        var results = new ConcurrentDictionary<string, SubmissionResult>(StringComparer.Ordinal);
        var toGrade = new List<Submission>();
        foreach (var submission in submissions)
        {
            if (options.Resume && Earlier(submission, output) is { } earlier)
            {
                results[submission.Name] = earlier;
                finished?.Invoke(earlier);
            }
            else
            {
                toGrade.Add(submission);
            }
        }
        var tests = rubric.Tests();
        foreach (var s in toGrade) progress?.Invoke(s.Name, 0, tests.Count);
        var slots = new ConcurrentBag<int>(Enumerable.Range(0, options.Parallelism));
        Parallel.ForEach(toGrade, new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism }, submission =>
        {
            if (!slots.TryTake(out int slot)) slot = options.Parallelism + Environment.CurrentManagedThreadId;
            try
            {
                var result = Grade(submission, Build(submission, output, buildLog), tests, output, slot, concurrentRerun: toGrade.Count < options.Parallelism,
                    done => progress?.Invoke(submission.Name, done, tests.Count));
                results[submission.Name] = result;
                finished?.Invoke(result);
            }
            finally
            {
                slots.Add(slot);
            }
        });
        var all = results.Values.OrderBy(r => r.Student, StringComparer.Ordinal).ToList();
        GradeReports.WriteClass(GradeReports.ReadClass(output), output);
        return all;
    }

    /// <summary>The name every submission's assembly gets: the grader's, whatever the student's project is called.</summary>
    public const string AssemblyName = "Submission";

    /// <summary>
    /// Compiles a submission's sources and checks them against the allowlist (<see cref="SubmissionCompiler"/>), into a
    /// folder of the grader's under <c>.work/build</c>; a submission of built assemblies is refused (its code cannot be
    /// checked) unless <see cref="GradeOptions.TrustAssemblies"/>.
    /// </summary>
    private BuildResult Build(Submission submission, string output, TextWriter? log)
    {
        long start = Stopwatch.GetTimestamp(); // outside the simulation: how long the grading's phases take, for the instructor
        BuildResult result;
        if (!submission.HasSource && submission.Assemblies.Count > 0)
        {
            result = submission.Assemblies.Count > 1
                ? new BuildResult(null, [$"The folder holds {submission.Assemblies.Count} assemblies and no source: leave only the one to grade (its dependencies are the harness's)."])
                : options.TrustAssemblies
                    ? new BuildResult(Path.Combine(submission.Folder, submission.Assemblies[0]), [])
                    : new BuildResult(null, [$"{submission.Assemblies[0]}: error SUBMISSION: a built assembly cannot be checked against what a submission may use; hand in the project's source (.cs files) instead"]) { Refused = true };
        }
        else
        {
            string folder = Path.Combine(options.BuildFolder ?? Path.Combine(output, WorkFolder, "build"), submission.Key);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(rubric.Limits.BuildSeconds));
            try
            {
                result = SubmissionCompiler.Compile(submission.Folder, submission.ContentHash, AssemblyName, folder,
                    Path.GetDirectoryName(Path.GetFullPath(options.HarnessDll))!, options.CheckCode, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                result = new BuildResult(null, [$"error SUBMISSION: compiling took longer than the rubric's {rubric.Limits.BuildSeconds:0} s"]);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                result = new BuildResult(null, [$"error SUBMISSION: its files could not be read: {e.Message}"]);
            }
        }
        if (!result.Built && log is not null)
            lock (log) log.WriteLine($"{submission.Name}: {string.Join("\n  ", result.Errors)}");
        return result with { Seconds = Stopwatch.GetElapsedTime(start).TotalSeconds }; // outside the simulation: how long the grading's phases take, for the instructor
    }

    private SubmissionResult? Earlier(Submission submission, string output)
    {
        string path = GradeReports.RecordPath(output, submission.Name);
        if (!File.Exists(path)) return null;
        try
        {
            var earlier = SubmissionResult.Read(path);
            return earlier.Student == submission.Name && earlier.SubmissionHash == submission.ContentHash && earlier.RubricHash == rubric.Hash && earlier.Harness == HarnessVersion ? earlier : null;
        }
        catch (Exception e) when (e is IOException or System.Text.Json.JsonException or InvalidDataException)
        {
            return null;
        }
    }

    /// <summary>Grades one built submission in parallel slot <paramref name="slot"/>. With <paramref name="concurrentRerun"/>
    /// (cores to spare: fewer submissions than workers at once), the determinism re-run goes on beside the first pass, in
    /// a process and uid of its own, instead of after it.</summary>
    private SubmissionResult Grade(Submission submission, BuildResult build, IReadOnlyList<GradeTest> tests, string output, int slot, bool concurrentRerun,
        Action<int> progress)
    {
        string folder = Path.Combine(output, submission.Key);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        var result = new SubmissionResult
        {
            Student = submission.Name,
            Score = 0,
            MaxScore = rubric.MaxPoints,
            Status = "graded",
            Harness = HarnessVersion,
            RubricHash = rubric.Hash,
            SubmissionHash = submission.ContentHash,
            Sandbox = Sandbox.Isolated ? "bubblewrap" : "none",
        };
        IReadOnlyList<TestResult> results;
        if (!build.Built)
        {
            results = [.. tests.Select(t => TestResult.Of(t, TestOutcome.NotRun, build.Refused
                ? "not run: the submission uses what a submission may not (see its errors)" : "not run: the submission did not build"))];
            result = result with { Status = build.Refused ? "refused" : "build error", BuildErrors = build.Errors, Timings = new GradeTimings(Math.Round(build.Seconds, 3), 0, 0) };
        }
        else
        {
            string scratch = Path.Combine(output, WorkFolder, "students", submission.Key);
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            var runner = new SubmissionRunner(Sandbox, options.HarnessDll, rubric.Limits, slot);
            string replayName = submission.Project is { } project
                ? $"../{submission.Name}/bin/Debug/net10.0/{Path.GetFileNameWithoutExtension(project)}.dll"
                : submission.Assemblies.Count > 0 ? submission.Assemblies[0] : "path/to/your.dll";
            int done = 0;
            long start = Stopwatch.GetTimestamp(); // outside the simulation: how long the grading's phases take, for the instructor
            var budget = TimeSpan.FromSeconds(rubric.Limits.SubmissionSeconds);
            var early = concurrentRerun && Sample(tests, null) is { Count: > 0 } sample
                ? Task.Factory.StartNew(() => new SubmissionRunner(Sandbox, options.HarnessDll, rubric.Limits, slot + 512) // outside the simulation: the grader's own parallelism
                    .Run(build.Assembly!, replayName, sample, Path.Combine(scratch, "again"), failures: null, budget), TaskCreationOptions.LongRunning)
                : null;
            results = runner.Run(build.Assembly!, replayName, tests, scratch, Path.Combine(folder, "failures"), budget, _ => progress(++done));
            var testTime = Stopwatch.GetElapsedTime(start); // outside the simulation: how long the grading's phases take, for the instructor
            results = Samples(runner, build.Assembly!, replayName, tests, results, Path.Combine(scratch, "again"), early?.GetAwaiter().GetResult());
            var rerunTime = Stopwatch.GetElapsedTime(start) - testTime; // outside the simulation: how long the grading's phases take, for the instructor
            result = result with { Timings = new GradeTimings(Math.Round(build.Seconds, 3), Math.Round(testTime.TotalSeconds, 3), Math.Round(rerunTime.TotalSeconds, 3)) };
            if (results.All(r => r.Reason.StartsWith("the submission could not be loaded", StringComparison.Ordinal))) result = result with { Status = "not loaded" };
            if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
        }
        result = Score(result, results);
        GradeReports.WriteSubmission(result, folder, output);
        return result;
    }

    /// <summary>
    /// Runs the first tests of each group again in a fresh process and marks those that did not run the same: other
    /// trace hashes, another outcome, or a re-run that crashed, exited or ran out of time (a submission cannot dodge the
    /// re-run by misbehaving in it). The re-run may take three times the sampled tests' first time, plus 10 s; or it ran
    /// already, beside the first pass (<paramref name="early"/>: the first tests of each group, whatever their outcome).
    /// </summary>
    private IReadOnlyList<TestResult> Samples(SubmissionRunner runner, string assembly, string replayName, IReadOnlyList<GradeTest> tests,
        IReadOnlyList<TestResult> results, string scratch, IReadOnlyList<TestResult>? early)
    {
        if (rubric.Nondeterminism.Samples == 0) return results;
        var byId = results.ToDictionary(r => r.Id, StringComparer.Ordinal);
        bool Comparable(GradeTest t) => byId[t.Id].Outcome is TestOutcome.Passed or TestOutcome.Failed && byId[t.Id].TraceHashes.Count > 0;
        IReadOnlyList<TestResult> again;
        if (early is not null)
        {
            var comparable = tests.Where(Comparable).Select(t => t.Id).ToHashSet(StringComparer.Ordinal);
            again = [.. early.Where(r => comparable.Contains(r.Id))];
        }
        else
        {
            var sample = Sample(tests, Comparable);
            if (sample.Count == 0) return results;
            var budget = TimeSpan.FromSeconds(3 * sample.Sum(t => byId[t.Id].Seconds) + 10);
            again = runner.Run(assembly, replayName, sample, scratch, failures: null, budget);
        }
        foreach (var second in again)
        {
            var first = byId[second.Id];
            string? differs = second.Outcome switch
            {
                TestOutcome.Crashed or TestOutcome.TimedOut or TestOutcome.NotRun => $"it did not finish ({second.Outcome}: {second.Reason})",
                _ when !first.TraceHashes.SequenceEqual(second.TraceHashes) => $"it ran differently (trace hashes {Differ(first.TraceHashes, second.TraceHashes)})",
                TestOutcome.Passed or TestOutcome.Failed when second.Outcome != first.Outcome => $"it {Verb(second.Outcome)} where it had {Verb(first.Outcome)}",
                _ => null,
            };
            if (differs is null) continue;
            byId[second.Id] = first with
            {
                Nondeterministic = true,
                Reason = (first.Reason.Length > 0 ? first.Reason + " " : "") +
                    $"Run again in another process, {differs}: the submission is not deterministic (a thread, a real timer, an unseeded " +
                    "random number, Guid.NewGuid, or state kept between runs?).",
            };
        }
        return [.. results.Select(r => byId[r.Id])];
    }

    /// <summary>The first tests of each group (as many as the rubric's samples) that <paramref name="comparable"/> allows; not
    /// the memory checks: they take the longest, and what they run is the kvsrv workload again.</summary>
    private List<GradeTest> Sample(IReadOnlyList<GradeTest> tests, Func<GradeTest, bool>? comparable)
    {
        if (rubric.Nondeterminism.Samples == 0) return [];
        var memory = rubric.Groups.Where(g => g.Suite == Suite.KvSuiteTests.Memory).Select(g => g.Name).ToHashSet(StringComparer.Ordinal);
        return [.. tests.Where(t => !memory.Contains(t.Group)).GroupBy(t => t.Group)
            .SelectMany(g => g.Where(t => comparable?.Invoke(t) ?? true).Take(rubric.Nondeterminism.Samples))];
    }

    private static string Verb(TestOutcome outcome) => outcome == TestOutcome.Passed ? "passed" : "failed";

    private static string Differ(IReadOnlyList<string> a, IReadOnlyList<string> b)
    {
        int i = 0;
        while (i < a.Count && i < b.Count && a[i] == b[i]) i++;
        return i < a.Count && i < b.Count ? $"{a[i]} and {b[i]} at run {i + 1}" : $"{a.Count} and {b.Count} runs";
    }

    /// <summary>Each group's points shared equally among its tests; a test earns its share only if it passed; then the
    /// nondeterminism penalty.</summary>
    private SubmissionResult Score(SubmissionResult result, IReadOnlyList<TestResult> tests)
    {
        var scored = new List<TestResult>();
        var groups = new List<GroupResult>();
        foreach (var group in rubric.Groups)
        {
            var own = tests.Where(t => t.Group == group.Name).ToList();
            double share = own.Count == 0 ? 0 : group.Points / own.Count;
            var graded = own.Select(t => t with { MaxPoints = share, Points = t.Outcome == TestOutcome.Passed ? share : 0 }).ToList();
            scored.AddRange(graded);
            groups.Add(new GroupResult(group.Name, Math.Round(graded.Sum(t => t.Points), 2), group.Points, graded.Count(t => t.Outcome == TestOutcome.Passed), graded.Count));
        }
        double score = Math.Round(groups.Sum(g => g.Points), 2);
        bool nondeterministic = scored.Any(t => t.Nondeterministic);
        if (nondeterministic)
        {
            score = rubric.Nondeterminism.Penalty switch
            {
                NondeterminismPenalty.Zero => 0,
                NondeterminismPenalty.Deduct => Math.Max(0, Math.Round(score - rubric.Nondeterminism.Deduct, 2)),
                _ => score,
            };
        }
        return result with
        {
            Score = score,
            Groups = groups,
            Tests = scored,
            Nondeterministic = nondeterministic,
            Incomplete = scored.Any(t => t.Outcome == TestOutcome.Unknown),
        };
    }
}
