using KvService.Cli;
using LabRpc.Tests.PrimaryBackup.Broken;

namespace LabRpc.Tests.Exploration;

/// <summary>
/// <c>explore --lab pb</c>: the primary/backup lab on the harness's explorer, with no exploration code of its own. Every
/// schedule of a small scenario (two servers, a primary crash as the clerks start, an unreliable network whose drops the
/// chooser decides) is judged as <c>check</c> judges a run; the reference passes every one within the bounds, and a clerk
/// that never asks the view service again is found stuck at the crashed primary.
/// </summary>
public sealed class PbExplorationTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("labrpc-pbexplore-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void TheReferenceIsExploredCompletelyWithinTheBounds()
    {
        var output = new StringWriter();

        int code = KvService.Program.Run(["explore", "--lab", "pb", "--clients", "1", "--ops", "1", "--max-faults", "1", "--max-deviations", "1"], output, output);

        Assert.That(code, Is.EqualTo(ExploreCommand.Passed), output.ToString());
        Assert.That(output.ToString(), Does.Contain("Exploring reference (the primary/backup service)").And.Contain("COMPLETE: no violation"));
    }

    [Test]
    public void AClerkThatNeverAsksTheViewServiceAgainIsFoundWithTheScheduleAndItsFiles()
    {
        var output = new StringWriter();
        string spec = $"{typeof(BrokenPb).Assembly.Location}:{typeof(BrokenPb).FullName}.{nameof(BrokenPb.NeverAsksAgain)}";

        int code = KvService.Program.Run(["explore", "--lab", "pb", "--impl", spec, "--clients", "1", "--ops", "2", "--max-faults", "1",
            "--max-deviations", "1", "--out", _folder], output, output);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(ExploreCommand.Violation), text);
        Assert.That(text, Does.Contain("VIOLATION after").And.Contain("liveness").And.Contain("The schedule's choices that are not the default:"));
        foreach (var file in new[] { "verdict.txt", "history.html", "diagram.html", "scenario.json" })
            Assert.That(File.Exists(Path.Combine(_folder, file)), file);
        Assert.That(File.ReadAllText(Path.Combine(_folder, "verdict.txt")), Does.Contain("All the choices, in order:"));
    }

    [TestCase("--max-crashes", "1")]
    [TestCase("--faults", "drops")]
    public void AnOptionOnlyTheKvExplorationTakesIsRefusedRatherThanIgnored(string option, string value)
    {
        var output = new StringWriter();

        int code = KvService.Program.Run(["explore", "--lab", "pb", option, value], output, output);

        Assert.That(code, Is.EqualTo(ExploreCommand.Usage), output.ToString());
        Assert.That(output.ToString(), Does.Contain(option).And.Contain("for --lab kv only").And.Not.Contain("Exploring"));
    }
}
