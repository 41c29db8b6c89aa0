using System.Text.Json;
using System.Xml.Linq;
using KvService.Grading;

namespace LabRpc.Tests.Grading;

/// <summary>
/// One grading of the corpus (<c>Tests/Grading/Corpus</c>, plus a submission that is only a built dll) with a small rubric:
/// every submission gets its expected grade and reason, misbehaviour is graded and never stops the grader, and the reports
/// are written. Then a few built submissions are graded again, sharded and merged, and must come out the same.
/// </summary>
public sealed class CorpusGradingTests
{
    private string _root = "";
    private Rubric _rubric = null!;
    private Grader _grader = null!;
    private Dictionary<string, SubmissionResult> _results = [];

    [OneTimeSetUp]
    public void GradeTheCorpus()
    {
        _root = GradingPaths.Scratch("corpus");
        string submissions = Path.Combine(_root, "submissions");
        foreach (string folder in Directory.GetDirectories(GradingPaths.Corpus))
            GradingPaths.Copy(folder, Path.Combine(submissions, Path.GetFileName(folder)));
        // reads-rubric looks for *rubric.json above its folders: without a sandbox, this one is in reach.
        File.Copy(GradingPaths.Rubric, Path.Combine(_root, "corpus-rubric.json"));
        _rubric = Rubric.Load(GradingPaths.Rubric);
        // The code check is off: what is graded here is what the workers, the simulation and the sandbox make of misbehaviour
        // at run time (the allowlist refuses most of these members before they run: SubmissionRulesCorpusTests, AttackGradingTests).
        var options = new GradeOptions { Submissions = submissions, Output = Path.Combine(_root, "grades"), HarnessDll = GradingPaths.Harness, Parallelism = 2, CheckCode = false };
        _grader = new Grader(_rubric, options);
        _results = _grader.Run().ToDictionary(r => r.Student);
        foreach (var r in _results.Values.OrderBy(r => r.Student))
            TestContext.Progress.WriteLine($"{r.Student}: {GradeReports.Summary(r)}; {string.Join("; ", r.Tests.Where(t => t.Outcome != TestOutcome.Passed).Select(t => $"{t.Outcome} {t.Reason}").Distinct().Take(2))}");
    }

    private SubmissionResult Result(string student) => _results.TryGetValue(student, out var r) ? r : throw new AssertionException($"{student} was not graded");

    private IEnumerable<TestResult> Failed(string student) => Result(student).Tests.Where(t => t.Outcome != TestOutcome.Passed);

    [Test]
    public void EverySubmissionIsGraded() =>
        Assert.That(_results.Keys, Is.EquivalentTo(Directory.GetDirectories(GradingPaths.Corpus).Select(Path.GetFileName)));

    [Test]
    public void TheCorrectSubmissionGetsFullMarks()
    {
        var r = Result("correct");
        Assert.That(r.Score, Is.EqualTo(_rubric.MaxPoints), string.Join("\n", Failed("correct").Select(t => t.Reason)));
        Assert.That((r.Status, r.Nondeterministic, r.Incomplete), Is.EqualTo(("graded", false, false)));
        Assert.That(r.Tests.All(t => t.TraceHashes.Count > 0), "every test records the trace hashes of its runs (an exploration: its schedule count)");
    }

    [Test]
    public void ASubmissionWithoutDuplicateDetectionPassesOnlyTheReliableChecks()
    {
        var r = Result("no-duplicate-detection");
        Assert.That(r.Groups.Single(g => g.Name == "kvsrv").Passed, Is.EqualTo(2));
        Assert.That(r.Groups.Single(g => g.Name == "duplicates").Passed, Is.Zero);
        Assert.That(r.Score, Is.GreaterThan(0).And.LessThan(_rubric.MaxPoints));
        var explored = r.Tests.Single(t => t.Group == "exploration");
        Assert.That(explored.Outcome, Is.EqualTo(TestOutcome.Failed));
        Assert.That(explored.Reason, Does.StartWith("found after"));
        Assert.That(File.Exists(Path.Combine(explored.Artifacts!, "replay.json")) && File.Exists(Path.Combine(explored.Artifacts!, "diagram.html")));
        Assert.That(explored.Replay, Does.Contain("explore --replay"));
    }

    [Test]
    public void ASubmissionThatForgetsOnACrashFailsTheFaultScenariosWithAShrunkCounterexample()
    {
        var faults = Result("forgets-on-crash").Tests.Where(t => t.Group == "faults").ToList();
        Assert.That(faults.Select(t => t.Outcome), Is.All.EqualTo(TestOutcome.Failed));
        foreach (var t in faults)
        {
            Assert.That(t.Reason, Does.Contain("Shrunk from"));
            Assert.That(File.Exists(Path.Combine(t.Artifacts!, "scenario.json")) && File.Exists(Path.Combine(t.Artifacts!, "history.html")));
            Assert.That(t.Replay, Does.Contain("replay").And.Contain(t.Artifacts));
        }
        Assert.That(Result("forgets-on-crash").Groups.Single(g => g.Name == "kvsrv").Passed, Is.EqualTo(4));
    }

    [Test]
    public void ASubmissionThatDoesNotCompileGetsZeroAndItsFirstErrors()
    {
        var r = Result("does-not-compile");
        Assert.That((r.Score, r.Status), Is.EqualTo((0.0, "build error")));
        Assert.That(r.BuildErrors, Has.Some.Contains("CS0266"));
        Assert.That(r.Tests.Select(t => t.Outcome), Is.All.EqualTo(TestOutcome.NotRun));
        Assert.That(File.ReadAllText(Path.Combine(_root, "grades", "does-not-compile", "feedback.md")), Does.Contain("CS0266"));
    }

    [TestCase("exits", TestOutcome.Crashed, "exited with code 3")]
    [TestCase("stack-overflow", TestOutcome.Crashed, "stack overflow")]
    [TestCase("native-fault", TestOutcome.Crashed, "native fault")]
    [TestCase("escapes", TestOutcome.Failed, "queued to the thread pool")]
    [TestCase("allocates", TestOutcome.Failed, "OutOfMemoryException")]
    [TestCase("reads-another", TestOutcome.Failed, "correct")]
    public void MisbehaviourIsGradedZeroWithTheReason(string student, TestOutcome outcome, string reason)
    {
        var r = Result(student);
        Assert.That(r.Score, Is.Zero);
        var first = r.Tests[0];
        Assert.That(first.Outcome, Is.EqualTo(outcome), first.Reason);
        Assert.That(first.Reason, Does.Contain(reason).IgnoreCase);
    }

    [Test]
    public void AHangIsTimedOutAndTheGraderGoesOn()
    {
        var r = Result("hangs");
        Assert.That(r.Score, Is.Zero);
        Assert.That(r.Tests[0].Outcome, Is.AnyOf(TestOutcome.TimedOut, TestOutcome.Failed));
        Assert.That(r.Tests[0].Reason, Does.Contain("time limit").Or.Contain("stuck in one step"));
        Assert.That(r.Tests.Select(t => t.Outcome), Has.Some.EqualTo(TestOutcome.NotRun).Or.Some.EqualTo(TestOutcome.TimedOut));
    }

    [Test]
    public void ANondeterministicSubmissionGetsZeroAndIsMarked()
    {
        var r = Result("nondeterministic");
        Assert.That(r.Nondeterministic, Is.True);
        Assert.That(r.Score, Is.Zero, "the rubric's penalty is zero");
        Assert.That(r.Groups.Sum(g => g.Points), Is.GreaterThan(0), "the groups still show what passed");
        Assert.That(File.ReadAllText(Path.Combine(_root, "grades", "nondeterministic", "feedback.md")), Does.Contain("Not deterministic"));
    }

    [Test]
    public void InTheSandboxASubmissionHasNoNetworkCannotWriteOutsideItsFolderNorFindTheRubric()
    {
        var socket = Result("opens-socket");
        Assert.That(socket.Score, Is.Zero);
        Assert.That(socket.Tests[0].Reason, Does.Contain(_grader.Sandbox.Isolated ? "no network" : "opened a socket"));
        var writes = Result("writes-outside");
        Assert.That(writes.Score, Is.Zero);
        var rubric = Result("reads-rubric");
        if (_grader.Sandbox.Isolated)
        {
            Assert.That(writes.Tests[0].Reason, Does.Contain("Read-only file system").Or.Contain("denied"));
            Assert.That(rubric.Score, Is.EqualTo(_rubric.MaxPoints), "the rubric is out of its reach: it behaves as the correct one");
        }
        else
        {
            Assert.That(writes.Tests[0].Reason, Does.Contain("wrote outside"));
            Assert.That(rubric.Tests[0].Reason, Does.Contain("read the grader's rubric"));
        }
    }

    [Test]
    public void EveryResultNamesTheHarnessTheRubricAndTheSubmissionsContent()
    {
        foreach (var r in _results.Values)
        {
            Assert.That(r.RubricHash, Is.EqualTo(_rubric.Hash));
            Assert.That(r.Harness, Is.EqualTo(Grader.HarnessVersion).And.Not.EqualTo("unknown"));
            Assert.That(r.SubmissionHash, Has.Length.EqualTo(64));
        }
        Assert.That(_results.Values.Select(r => r.SubmissionHash).Distinct().Count(), Is.EqualTo(_results.Count));
    }

    [Test]
    public void TheClassCsvAndJsonHoldEveryScore()
    {
        string grades = Path.Combine(_root, "grades");
        var lines = File.ReadAllLines(Path.Combine(grades, GradeReports.ClassCsv));
        Assert.That(lines[0], Does.StartWith("student,score,max,status,nondeterministic,incomplete,kvsrv,duplicates,exploration,faults,"));
        foreach (var r in _results.Values)
            Assert.That(lines, Has.One.StartWith($"{r.Student},{GradeReports.Number(r.Score)},{GradeReports.Number(r.MaxScore)},{r.Status},"));
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(grades, GradeReports.ClassJson)));
        Assert.That(json.RootElement.GetArrayLength(), Is.EqualTo(_results.Count));
    }

    [Test]
    public void EachStudentGetsJUnitAndFeedbackThatNamesNoHiddenSeedOfAPassedTest()
    {
        foreach (var r in _results.Values)
        {
            string folder = Path.Combine(_root, "grades", r.Student);
            var junit = XDocument.Load(Path.Combine(folder, "junit.xml"));
            Assert.That(junit.Descendants("testcase").Count(), Is.EqualTo(_rubric.Tests().Count));
            Assert.That(junit.Descendants("testcase").Count(t => !t.HasElements), Is.EqualTo(r.Tests.Count(t => t.Outcome == TestOutcome.Passed)));
            string feedback = File.ReadAllText(Path.Combine(folder, "feedback.md"));
            Assert.That(feedback, Does.StartWith($"# {r.Student}: {GradeReports.Number(r.Score)} / "));
            if (r.Tests.Single(t => t.Hidden).Outcome == TestOutcome.Passed) Assert.That(feedback, Does.Not.Contain("424242"));
        }
        string broken = File.ReadAllText(Path.Combine(_root, "grades", "forgets-on-crash", "feedback.md"));
        Assert.That(broken, Does.Contain("history.html").And.Contain("replay"));
    }

    [Test]
    public void GradescopeResultsHaveTheScoreAndEveryTest()
    {
        using var json = JsonDocument.Parse(GradeReports.Gradescope(Result("no-duplicate-detection")));
        Assert.That(json.RootElement.GetProperty("score").GetDouble(), Is.EqualTo(Result("no-duplicate-detection").Score));
        var tests = json.RootElement.GetProperty("tests").EnumerateArray().ToList();
        Assert.That(tests, Has.Count.EqualTo(_rubric.Tests().Count));
        Assert.That(tests.Sum(t => t.GetProperty("max_score").GetDouble()), Is.EqualTo(_rubric.MaxPoints).Within(0.01));
        Assert.That(tests.All(t => t.TryGetProperty("name", out _) && t.TryGetProperty("score", out _) && t.TryGetProperty("output", out _)));
    }

    [Test]
    public void GradedAgainShardedAndMergedTheBuiltSubmissionsComeOutTheSame()
    {
        // Three submissions as built dlls (one kind of submission the grader takes), graded whole and in two shards.
        string dlls = Path.Combine(_root, "dlls");
        foreach (string student in new[] { "correct", "forgets-on-crash", "no-duplicate-detection" })
        {
            Directory.CreateDirectory(Path.Combine(dlls, student));
            File.Copy(Path.Combine(_root, "grades", Grader.WorkFolder, "build", student, Grader.AssemblyName + ".dll"), Path.Combine(dlls, student, student + ".dll"));
        }
        GradeOptions Options(string output, int shard = 0, int shards = 1) =>
            new() { Submissions = dlls, Output = Path.Combine(_root, output), HarnessDll = GradingPaths.Harness, Parallelism = 2, Shard = shard, Shards = shards, TrustAssemblies = true };
        var whole = new Grader(_rubric, Options("whole")).Run();
        var shard0 = new Grader(_rubric, Options("shard0", 0, 2)).Run();
        var shard1 = new Grader(_rubric, Options("shard1", 1, 2)).Run();
        Assert.That(shard0.Select(r => r.Student).Concat(shard1.Select(r => r.Student)), Is.EquivalentTo(whole.Select(r => r.Student)));
        var merged = GradeMerge.Merge([Path.Combine(_root, "shard0"), Path.Combine(_root, "shard1")], Path.Combine(_root, "merged"));
        Assert.That(GradeVerification.Compare(whole, merged), Is.Empty);
        Assert.That(File.ReadAllText(Path.Combine(_root, "merged", GradeReports.ClassCsv)), Is.EqualTo(File.ReadAllText(Path.Combine(_root, "whole", GradeReports.ClassCsv))));
        Assert.That(whole.Single(r => r.Student == "correct").Score, Is.EqualTo(_rubric.MaxPoints));
        // The same built code graded from source and from its dll gets the same score and runs the same.
        foreach (var r in whole)
        {
            var fromSource = Result(r.Student);
            Assert.That(r.Score, Is.EqualTo(fromSource.Score), r.Student);
            Assert.That(r.Tests.Select(t => t.TraceHashes), Is.EqualTo(fromSource.Tests.Select(t => t.TraceHashes)), r.Student);
        }
    }

    [Test]
    public void AResumedGradingSkipsSubmissionsItAlreadyGraded()
    {
        var options = new GradeOptions
        {
            Submissions = Path.Combine(_root, "submissions"), Output = Path.Combine(_root, "grades"), HarnessDll = GradingPaths.Harness, Resume = true, Shard = 0, Shards = 7, CheckCode = false,
        };
        var written = new Grader(_rubric, options).Submissions()
            .ToDictionary(s => s.Name, s => File.GetLastWriteTimeUtc(GradeReports.RecordPath(options.Output, s.Name)));
        Assert.That(written, Is.Not.Empty);
        var resumed = new Grader(_rubric, options).Run();
        Assert.That(resumed.Select(r => r.Student), Is.EquivalentTo(written.Keys));
        foreach (var r in resumed)
            Assert.That(File.GetLastWriteTimeUtc(GradeReports.RecordPath(options.Output, r.Student)), Is.EqualTo(written[r.Student]), $"{r.Student} was graded again");
        Assert.That(GradeVerification.Compare(resumed, [.. resumed.Select(r => Result(r.Student))]), Is.Empty);
    }
}
