using KvService.Grading;

namespace LabRpc.Tests.Grading;

/// <summary>
/// The primary/backup lab graded through the same grader as the KV lab (<c>"lab": "pb"</c>): the submissions of
/// <c>Tests/Grading/PbCorpus</c> are compiled by the grader, checked against the allowlist, run in workers under the nonce
/// protocol, and graded by the PB suite and the PB lab's scenario sweep. The correct submission gets full marks; the one
/// that answers before its backup holds a write loses the suite tests and the sweep that a failover catches, with a shrunk
/// scenario and its files.
/// </summary>
public sealed class PbGradingTests
{
    private string _root = "";
    private Rubric _rubric = null!;
    private Dictionary<string, SubmissionResult> _results = [];

    private static string Corpus => Path.Combine(Linearizability.RepoPaths.Root, "Tests", "Grading", "PbCorpus");

    [OneTimeSetUp]
    public void GradeTheCorpus()
    {
        _root = GradingPaths.Scratch("pb-corpus");
        string submissions = Path.Combine(_root, "submissions");
        foreach (string folder in Directory.GetDirectories(Corpus))
            GradingPaths.Copy(folder, Path.Combine(submissions, Path.GetFileName(folder)));
        _rubric = Rubric.Load(Path.Combine(Linearizability.RepoPaths.Root, "Tests", "Grading", "pb-corpus-rubric.json"));
        var options = new GradeOptions { Submissions = submissions, Output = Path.Combine(_root, "grades"), HarnessDll = GradingPaths.Harness, Parallelism = 2 };
        _results = new Grader(_rubric, options).Run().ToDictionary(r => r.Student);
        foreach (var r in _results.Values.OrderBy(r => r.Student))
            TestContext.Progress.WriteLine($"{r.Student}: {GradeReports.Summary(r)}; {string.Join("; ", r.Tests.Where(t => t.Outcome != TestOutcome.Passed).Select(t => $"{t.Outcome} {t.Reason}").Distinct().Take(2))}");
    }

    private SubmissionResult Result(string student) => _results.TryGetValue(student, out var r) ? r : throw new AssertionException($"{student} was not graded");

    [Test]
    public void ThePbRubricNamesItsLabAndItsTestsAreThePbSuites()
    {
        Assert.That(_rubric.Lab, Is.EqualTo("pb"));
        Assert.That(_rubric.Tests().Where(t => t.Kind == GradeTestKind.Suite).Select(t => t.SuiteTest),
            Is.SubsetOf(KvService.PrimaryBackup.Suite.PbSuiteTests.All.Select(t => t.Name)).And.Not.Empty);
        Assert.That(_rubric.Tests().Select(t => t.Lab), Is.All.EqualTo("pb"));
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
    public void ASubmissionThatAnswersBeforeItsBackupHoldsTheWriteLosesTheFailoverTestsAndTheSweep()
    {
        var r = Result("answers-before-backup");
        Assert.That(r.Status, Is.EqualTo("graded"));
        Assert.That(r.Score, Is.GreaterThan(0).And.LessThan(_rubric.MaxPoints));
        var failover = r.Tests.Single(t => t.Name == "APrimaryCrashPromotesTheBackupWithEveryAcknowledgedWrite");
        Assert.That(failover.Outcome, Is.EqualTo(TestOutcome.Failed), failover.Reason);
        var sweep = r.Tests.Single(t => t.Group == "faults");
        Assert.That(sweep.Outcome, Is.EqualTo(TestOutcome.Failed));
        Assert.That(sweep.Reason, Does.Contain("Shrunk from"));
        Assert.That(File.Exists(Path.Combine(sweep.Artifacts!, "scenario.json")) && File.Exists(Path.Combine(sweep.Artifacts!, "history.html")));
        Assert.That(File.ReadAllText(Path.Combine(sweep.Artifacts!, "scenario.json")), Does.Contain("labrpc-pb-scenario/1"), "the PB lab's own scenario file");
    }

    [Test]
    public void ARubricThatExploresAPbSubmissionIsRefusedWithAClearMessage()
    {
        var file = Path.Combine(_root, "explore-pb.json");
        File.WriteAllText(file, """{ "name": "x", "lab": "pb", "groups": [ { "name": "e", "points": 1, "explore": { "seed": 1 } } ] }""");

        var error = Assert.Throws<RubricException>(() => Rubric.Load(file))!;

        Assert.That(error.Message, Does.Contain("the pb lab has no exploration"));
    }

    [Test]
    public void ARubricForAnUnknownLabIsRefusedNamingTheLabsThereAre()
    {
        var file = Path.Combine(_root, "mapreduce.json");
        File.WriteAllText(file, """{ "name": "x", "lab": "mapreduce", "groups": [ { "name": "s", "points": 1, "suite": "kvsrv" } ] }""");

        var error = Assert.Throws<RubricException>(() => Rubric.Load(file))!;

        Assert.That(error.Message, Does.Contain("'mapreduce'").And.Contain("kv, pb, raft"));
    }

    [Test]
    public void ThePbLabsDefaultRubricLoads()
    {
        var rubric = Rubric.Default("pb");

        Assert.That((rubric.Lab, rubric.Tests().Count), Is.EqualTo(("pb", rubric.Tests().Count)));
        Assert.That(rubric.Groups.Select(g => g.Suite).OfType<string>(), Is.SubsetOf(KvService.PrimaryBackup.Suite.PbSuiteTests.Groups));
    }
}
