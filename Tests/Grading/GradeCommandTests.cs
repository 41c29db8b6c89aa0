using KvService;

namespace LabRpc.Tests.Grading;

/// <summary>The grade command refuses what it cannot grade, before anything runs, with exit code 2 and the reason.</summary>
public sealed class GradeCommandTests
{
    private static (int Code, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        int code = Program.Run(args, output, output);
        return (code, output.ToString());
    }

    [Test]
    public void AMissingSubmissionsFolderIsRefused()
    {
        var (code, output) = Run("grade", "/no/such/folder", "--out", GradingPaths.Scratch("missing"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("'/no/such/folder' does not exist"));
    }

    [Test]
    public void ABadRubricIsRefusedWithItsReason()
    {
        string folder = GradingPaths.Scratch("bad-rubric");
        string rubric = Path.Combine(folder, "rubric.json");
        File.WriteAllText(rubric, """{ "groups": [ { "name": "a", "points": 1, "suite": "nope" } ] }""");
        var (code, output) = Run("grade", folder, "--rubric", rubric, "--out", Path.Combine(folder, "out"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("names the suite group 'nope'"));
    }

    [TestCase("3/2")]
    [TestCase("a/b")]
    [TestCase("1")]
    public void AShardThatIsNotAPartOfTheClassIsRefused(string shard)
    {
        string folder = GradingPaths.Scratch("bad-shard");
        var (code, output) = Run("grade", folder, "--shard", shard, "--out", Path.Combine(folder, "out"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain($"--shard: '{shard}' is not a part of the class"));
    }

    [Test]
    public void VerifyWithoutEarlierResultsIsRefused()
    {
        string folder = GradingPaths.Scratch("verify-nothing");
        var (code, output) = Run("grade", folder, "--verify", "--out", Path.Combine(folder, "out"));
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("holds no results to verify"));
    }
}
