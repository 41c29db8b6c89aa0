using KvService.Grading;
using LabRpc.Raft.Suite;

namespace LabRpc.Tests.Grading;

/// <summary>
/// The Raft lab graded through the same grader as the KV and primary/backup labs (<c>"lab": "raft"</c>), by its suite
/// alone: the submissions of <c>Tests/Grading/RaftCorpus</c> are compiled by the grader against the Raft contract, checked
/// against the allowlist, run in workers under the nonce protocol, and graded by parts 3A and 3D of the Raft suite. The
/// correct submission gets full marks; the one whose snapshot drops an entry too many loses part 3D. The student's
/// template (<c>templates/raft</c>) is what a student hands in: the grader compiles it and the rules accept it.
/// </summary>
public sealed class RaftGradingTests
{
    private string _root = "";
    private Rubric _rubric = null!;
    private Dictionary<string, SubmissionResult> _results = [];

    private static string Corpus => Path.Combine(Linearizability.RepoPaths.Root, "Tests", "Grading", "RaftCorpus");

    [OneTimeSetUp]
    public void GradeTheCorpus()
    {
        _root = GradingPaths.Scratch("raft-corpus");
        string submissions = Path.Combine(_root, "submissions");
        foreach (string folder in Directory.GetDirectories(Corpus))
            GradingPaths.Copy(folder, Path.Combine(submissions, Path.GetFileName(folder)));
        _rubric = Rubric.Load(Path.Combine(Linearizability.RepoPaths.Root, "Tests", "Grading", "raft-corpus-rubric.json"));
        var options = new GradeOptions { Submissions = submissions, Output = Path.Combine(_root, "grades"), HarnessDll = GradingPaths.Harness, Parallelism = 2 };
        var watch = System.Diagnostics.Stopwatch.StartNew();
        _results = new Grader(_rubric, options).Run().ToDictionary(r => r.Student);
        TestContext.Progress.WriteLine($"The Raft corpus graded in {watch.Elapsed.TotalSeconds:F1} s.");
        foreach (var r in _results.Values.OrderBy(r => r.Student))
            TestContext.Progress.WriteLine($"{r.Student}: {GradeReports.Summary(r)}; {string.Join("; ", r.Tests.Where(t => t.Outcome != TestOutcome.Passed).Select(t => $"{t.Outcome} {t.Reason}").Distinct().Take(2))}");
    }

    private SubmissionResult Result(string student) => _results.TryGetValue(student, out var r) ? r : throw new AssertionException($"{student} was not graded");

    [Test]
    public void TheRaftRubricNamesItsLabAndItsTestsAreTheRaftSuites()
    {
        Assert.That(_rubric.Lab, Is.EqualTo("raft"));
        Assert.That(_rubric.Tests().Select(t => t.SuiteTest), Is.EquivalentTo(RaftSuiteTests.InGroup("3A").Concat(RaftSuiteTests.InGroup("3D")).Select(t => t.Name)));
        Assert.That(_rubric.Tests().Select(t => (t.Lab, t.Kind)), Is.All.EqualTo(("raft", GradeTestKind.Suite)));
    }

    [Test]
    public void TheCorrectSubmissionGetsFullMarks()
    {
        var r = Result("correct");
        Assert.That(r.Score, Is.EqualTo(_rubric.MaxPoints), string.Join("\n", r.Tests.Where(t => t.Outcome != TestOutcome.Passed).Select(t => t.Reason)));
        Assert.That((r.Status, r.Nondeterministic, r.Incomplete), Is.EqualTo(("graded", false, false)));
        Assert.That(r.Tests.All(t => t.TraceHashes.Count > 0), "every test records the trace hashes of its runs");
    }

    [Test]
    public void ASubmissionWhoseSnapshotDropsAnEntryTooManyLosesPart3DAndKeeps3A()
    {
        var r = Result("snapshot-off-by-one");
        Assert.That(r.Status, Is.EqualTo("graded"));
        Assert.That(r.Score, Is.GreaterThan(0).And.LessThan(_rubric.MaxPoints));
        Assert.That(r.Tests.Where(t => t.Group == "3A").Select(t => t.Outcome), Is.All.EqualTo(TestOutcome.Passed));
        var basic = r.Tests.Single(t => t.Name == "SnapshotBasic");
        Assert.That((basic.Group, basic.Outcome), Is.EqualTo(("3D", TestOutcome.Failed)), basic.Reason);
        Assert.That(basic.Reason, Does.Contain("snapshot"));
    }

    [TestCase("""{ "name": "s", "points": 1, "scenarios": { "count": 10, "seeds": [1] } }""", "has no scenario sweep")]
    [TestCase("""{ "name": "e", "points": 1, "explore": { "seed": 1 } }""", "the raft lab has no exploration")]
    public void ARaftRubricThatSweepsOrExploresIsRefusedWithAClearMessage(string group, string message)
    {
        var file = Path.Combine(_root, "raft-sweep.json");
        File.WriteAllText(file, $$"""{ "name": "x", "lab": "raft", "groups": [ {{group}} ] }""");

        var error = Assert.Throws<RubricException>(() => Rubric.Load(file))!;

        Assert.That(error.Message, Does.Contain(message).And.Contain("\"suite\""));
    }

    [Test]
    public void TheRaftLabsDefaultRubricGradesEveryPartWithPublicSeeds()
    {
        var rubric = Rubric.Default("raft");

        Assert.That(rubric.Lab, Is.EqualTo("raft"));
        Assert.That(rubric.Groups.Select(g => g.Suite), Is.EqualTo(RaftSuiteTests.Groups));
        Assert.That(rubric.Tests().Select(t => t.SuiteTest), Is.EquivalentTo(RaftSuiteTests.All.Select(t => t.Name)));
        Assert.That(rubric.Tests().Any(t => t.Hidden), Is.False);
    }

    [Test]
    public void TheStudentsTemplateCompilesUnderTheGradersRules()
    {
        var errors = SubmissionCheck.Folders("templates/raft");

        Assert.That(errors, Is.Empty);
    }

    [Test]
    public void TheArchitecturePagesRaftEntryIsTheOneInGradedLabs()
    {
        string root = Linearizability.RepoPaths.Root;
        string[] source = File.ReadAllLines(Path.Combine(root, "KvService", "Grading", "GradedLabs.cs"));
        int first = Array.FindIndex(source, l => l.Contains("public static IGradedLab Raft", StringComparison.Ordinal));
        int last = Array.FindIndex(source, first, l => l.TrimEnd().EndsWith(");", StringComparison.Ordinal));
        Assert.That(first, Is.GreaterThanOrEqualTo(0), "GradedLabs has a Raft entry");
        string entry = string.Join("\n", source[first..(last + 1)].Select(l => l.StartsWith("    ", StringComparison.Ordinal) ? l[4..] : l));

        string page = File.ReadAllText(Path.Combine(root, "docs", "architecture.md")).Replace("\r\n", "\n", StringComparison.Ordinal);

        Assert.That(page, Does.Contain(entry));
    }
}
