using System.Text.Json.Nodes;
using KvService.Cli;
using KvService.Exploration;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Exploration;

public sealed class ExploreCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("labrpc-explore-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private static readonly ExplorationConfig OneAppend = new() { Seed = 3, Clients = 1, OperationsPerClient = 1 };

    [Test]
    public void AViolationWritesTheArtifactsAndAReplayFileThatReplaysTheSameRun()
    {
        var output = new StringWriter();

        int code = ExploreCommand.Run(OneAppend, typeof(NoDuplicateTableKv).FullName, _folder, output);

        Assert.That(code, Is.EqualTo(ExploreCommand.Violation), output.ToString());
        foreach (var file in new[] { "verdict.txt", "history.html", "history.txt", "run.log", "replay.json", "diagram.html" })
            Assert.That(File.Exists(Path.Combine(_folder, file)), Is.True, file);
        Assert.That(File.Exists(Path.Combine(_folder, "scenario.json")), Is.False, "a schedule is not a scenario: no scenario file to mislead");
        Assert.That(output.ToString(), Does.Contain("VIOLATION after").And.Contain("explore --replay").And.Contain("the server crashes").Or.Contain("dropped").Or.Contain("duplicated"));

        var replay = new StringWriter();
        int replayed = ExploreCommand.Replay(Path.Combine(_folder, "replay.json"), implementation: null, output: null, printLog: false, replay);

        Assert.That(replayed, Is.EqualTo(ExploreCommand.Violation), replay.ToString());
        Assert.That(replay.ToString(), Does.Contain("matches the recorded one"));
    }

    [Test]
    public void ChoicesThatNoLongerFitTheRunAreNotTheRecordedRun()
    {
        ExploreCommand.Run(OneAppend, typeof(NoDuplicateTableKv).FullName, _folder, new StringWriter());
        var path = Path.Combine(_folder, "replay.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        json["choices"] = new JsonArray(7, 7, 7);
        File.WriteAllText(path, json.ToJsonString());
        var output = new StringWriter();

        int code = ExploreCommand.Replay(path, implementation: null, output: null, printLog: false, output);

        Assert.That(code, Is.EqualTo(ExploreCommand.DifferentRun), output.ToString());
        Assert.That(output.ToString(), Does.Contain("do not fit this run"));
    }

    [Test]
    public void AnUnknownFieldInAReplayFileIsRefusedByName()
    {
        var path = Path.Combine(_folder, "replay.json");
        File.WriteAllText(path, """{ "format": "labrpc-exploration/1", "choises": [1] }""");
        var output = new StringWriter();

        int code = ExploreCommand.Replay(path, implementation: null, output: null, printLog: false, output);

        Assert.That(code, Is.EqualTo(ExploreCommand.Usage));
        Assert.That(output.ToString(), Does.Contain("choises"));
    }

    [Test]
    public void TheCommandLineSaysWhenASearchIsIncompleteAndExitsWithItsOwnCode()
    {
        var output = new StringWriter();

        int code = KvService.Program.Run(["explore", "--max-runs", "5"], output, output);

        Assert.That(code, Is.EqualTo(ExploreCommand.Incomplete), output.ToString());
        Assert.That(output.ToString(), Does.Match(@"INCOMPLETE: no violation in \d+ schedules").And.Contain("run limit (5 runs)").And.Not.Contain("\nCOMPLETE"));
    }

    [TestCase("--faults", "floods", "not a list of fault kinds")]
    [TestCase("--clients", "4", "too large")]
    [TestCase("--reduction", "some", "not a reduction")]
    [TestCase("--time-limit", "soon", "not a duration")]
    public void ABadOptionIsRefusedBeforeAnythingRuns(string option, string value, string message)
    {
        var output = new StringWriter();

        int code = KvService.Program.Run(["explore", option, value], output, output);

        Assert.That(code, Is.EqualTo(2));
        Assert.That(output.ToString(), Does.Contain(message).And.Not.Contain("Exploring"));
    }
}
