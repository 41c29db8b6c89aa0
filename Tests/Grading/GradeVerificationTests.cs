using KvService.Grading;

namespace LabRpc.Tests.Grading;

public sealed class GradeVerificationTests
{
    private static SubmissionResult Result(string student, double score, bool nondeterministic, params (TestOutcome Outcome, string Hash)[] tests) => new()
    {
        Student = student,
        Score = score,
        MaxScore = 10,
        Status = "graded",
        Nondeterministic = nondeterministic,
        Harness = "h",
        RubricHash = "r",
        SubmissionHash = "s-" + student,
        Sandbox = "none",
        Tests = [.. tests.Select((t, i) => new TestResult { Id = $"g/t{i}", Group = "g", Name = $"t{i}", Outcome = t.Outcome, TraceHashes = [t.Hash] })],
    };

    [Test]
    public void TheSameGradingHasNoDifferences()
    {
        var a = Result("alice", 10, false, (TestOutcome.Passed, "1"), (TestOutcome.Passed, "2"));
        Assert.That(GradeVerification.Compare([a], [a with { }]), Is.Empty);
    }

    [Test]
    public void EveryDifferenceIsListed()
    {
        var before = Result("alice", 10, false, (TestOutcome.Passed, "1"), (TestOutcome.Passed, "2"));
        var after = Result("alice", 5, false, (TestOutcome.Passed, "1"), (TestOutcome.Failed, "3"));
        var differences = GradeVerification.Compare([before, Result("bob", 0, false)], [after, Result("carol", 0, false)]);
        Assert.That(differences, Has.Some.Contains("alice: score 10 before, 5 now"));
        Assert.That(differences, Has.Some.Contains("alice: test 'g/t1' Passed before, Failed now"));
        Assert.That(differences, Has.Some.Contains("alice: test 'g/t1' ran differently"));
        Assert.That(differences, Has.Some.Contains("bob: graded before, missing now"));
        Assert.That(differences, Has.Some.Contains("carol: not graded before"));
    }

    [Test]
    public void CodeFoundNondeterministicBothTimesIsComparedByItsGradeAlone()
    {
        var before = Result("dave", 0, true, (TestOutcome.Passed, "1"));
        Assert.That(GradeVerification.Compare([before], [Result("dave", 0, true, (TestOutcome.Failed, "9"))]), Is.Empty);
        Assert.That(GradeVerification.Compare([before], [Result("dave", 0, false, (TestOutcome.Passed, "1"))]), Has.Some.Contains("nondeterministic True before, False now"));
    }
}
