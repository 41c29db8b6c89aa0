using KvService.Cli;
using KvService.Scenarios;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

public sealed class CheckAndReplayCommandTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("labrpc-check-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    private static CheckSettings Settings(int scenarios, string? implementation = null, string? output = null) => new()
    {
        Sweep = new SweepOptions { Scenarios = scenarios, Seed = 1 },
        Implementation = implementation,
        Output = output,
    };

    [Test]
    public void TheReferencePassesASweepAndTheSummaryCountsIt()
    {
        var output = new StringWriter();

        int code = CheckCommand.Run(Settings(20), CheckCommand.ConsoleFor(output));

        Assert.That(code, Is.EqualTo(CheckCommand.Passed), output.ToString());
        Assert.That(output.ToString(), Does.Contain("Checking reference with 20 fault scenarios, seed 1")
            .And.Match(@"scenarios\s+│\s+20 ").And.Contain("RPCs").And.Contain("faults injected").And.Contain("simulated time")
            .And.Contain("wall time").And.Contain("All 20 scenarios passed."));
    }

    [Test]
    public void ABlockingImplementationStopsTheSweepAndIsNotShrunk()
    {
        // Each run of it waits out the stall timeout: without a stop, 50 scenarios and a shrink of hundreds of runs
        // would take that long each.
        var output = new StringWriter();
        var settings = Settings(50, typeof(BlockingClerkKv).FullName, _folder) with
        {
            // Two at a time: the runs under way when the sweep stops finish, so more workers would run more.
            Sweep = new SweepOptions { Scenarios = 50, Seed = 1, Parallelism = 2, Run = new RunOptions { StallTimeout = TimeSpan.FromMilliseconds(300), StrictEscapeDetection = false } }, // found by the stall timeout only
        };

        int code = CheckCommand.Run(settings, CheckCommand.ConsoleFor(output));

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Contain("blocked the simulation's thread").And.Contain("Not shrunk").And.Not.Contain("Shrunk in")
            .And.Contain("SimulationBlockedException").And.Contain("Replay it exactly"));
        Assert.That(text, Does.Match(@"Stopped after (\d+) of 50 scenarios"));
        int ran = int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"Stopped after (\d+) of").Groups[1].Value);
        Assert.That(ran, Is.LessThan(10), "the sweep stopped at the first blocked run (and the runs already under way)");
        Assert.That(File.Exists(Path.Combine(_folder, "scenario.json")), "the run's data is kept");
    }

    [Test]
    public void AViolationIsShrunkWrittenOutAndReplayedToTheSameTraceHash()
    {
        var output = new StringWriter();
        var broken = typeof(NoDuplicateTableKv).FullName!;

        int code = CheckCommand.Run(Settings(50, broken, _folder), CheckCommand.ConsoleFor(output));

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Contain("scenarios failed. The first is scenario").And.Contain("Shrunk in").And.Contain("Replay it exactly"));
        var scenarioFile = Path.Combine(_folder, "scenario.json");
        Assert.That(text, Does.Contain("scripts/replay.sh " + scenarioFile));
        foreach (var file in new[] { "scenario.json", "history.html", "history.txt", "run.log", "verdict.txt" })
            Assert.That(File.Exists(Path.Combine(_folder, file)), file);
        var saved = ScenarioFile.Read(scenarioFile);
        Assert.That(saved.Implementation, Is.EqualTo(broken), "the file names the implementation, so replay finds it by itself");
        Assert.That(saved.Scenario.Operations, Is.LessThanOrEqualTo(3), "shrunk");
        Assert.That(File.ReadAllText(Path.Combine(_folder, "run.log")), Does.Contain("request dropped").Or.Contain("server crashes"));

        var replay = new StringWriter();
        int replayed = ReplayCommand.Run(new FileInfo(scenarioFile), implementation: null, output: null, printLog: false, replay);

        Assert.That(replayed, Is.EqualTo(ReplayCommand.Violation), replay.ToString());
        Assert.That(replay.ToString(), Does.Contain($"Trace hash {saved.TraceHash} matches the recorded one"));
    }

    [Test]
    public void AReplayThatEndsWithAnotherTraceHashSaysItIsNotTheSameRun()
    {
        var verdict = ScenarioRunner.Run(ScenarioGenerator.Generate(11), new SimpleKv());
        var file = ScenarioFile.Of(verdict) with { TraceHash = "0123456789abcdef" };
        var output = new StringWriter();

        int code = ReplayCommand.Run(file, new SimpleKv(), null, printLog: false, output);

        Assert.That(code, Is.EqualTo(ReplayCommand.DifferentRun));
        Assert.That(output.ToString(), Does.Contain($"Trace hash {verdict.TraceHashText} DIFFERS from the recorded 0123456789abcdef"));
    }

    [Test]
    public void ReplayWritesTheArtifactsAndPrintsTheLogWhenAsked()
    {
        var verdict = ScenarioRunner.Run(Scenario.Standard(2), new SimpleKv());
        var output = new StringWriter();

        int code = ReplayCommand.Run(ScenarioFile.Of(verdict), new SimpleKv(), _folder, printLog: true, output);

        Assert.That(code, Is.EqualTo(ReplayCommand.Passed), output.ToString());
        Assert.That(output.ToString(), Does.Contain("server crashes after executing call").And.Contain("matches the recorded one"));
        Assert.That(File.Exists(Path.Combine(_folder, "history.html")));
    }

    [Test]
    public void AnUnreadableScenarioOrUnknownImplementationIsExitCodeTwo()
    {
        var bad = Path.Combine(_folder, "bad.json");
        File.WriteAllText(bad, "{ not json");
        var output = new StringWriter();

        Assert.That(ReplayCommand.Run(new FileInfo(bad), null, null, false, output), Is.EqualTo(ReplayCommand.Unreadable));
        Assert.That(output.ToString(), Does.Contain("is not a valid scenario file"));

        var good = Path.Combine(_folder, "good.json");
        new ScenarioFile { Scenario = new Scenario { Seed = 1 } }.Write(good);
        Assert.That(ReplayCommand.Run(new FileInfo(good), "No.Such.Kv", null, false, output), Is.EqualTo(ReplayCommand.Unreadable));
        Assert.That(CheckCommand.Run(Settings(1, "No.Such.Kv"), CheckCommand.ConsoleFor(output)), Is.EqualTo(CheckCommand.Usage));
    }

    [TestCase("all", FaultKinds.All)]
    [TestCase("network", FaultKinds.Network)]
    [TestCase("none", FaultKinds.None)]
    [TestCase("unreliable,crash", FaultKinds.Unreliable | FaultKinds.Crash)]
    [TestCase(" reordering , drops,duplicates,isolation ", FaultKinds.LongReordering | FaultKinds.DropsAndDelays | FaultKinds.Duplicates | FaultKinds.ClientIsolation)]
    [TestCase("floods", null)]
    public void FaultMixesReadAsTheHelpSays(string text, FaultKinds? expected)
    {
        Assert.That(CheckCommand.ParseFaults(text), Is.EqualTo(expected));
    }

    [TestCase("check", "--scenarios", "0")]
    [TestCase("check", "--faults", "floods")]
    [TestCase("check", "--clients", "3-1")]
    [TestCase("replay")]
    public void ABadCommandLineExitsWithTwo(params string[] args)
    {
        Assert.That(KvService.Program.Main(args), Is.EqualTo(2));
    }

    [Test]
    public void AMistypedOptionIsNamedWithSuggestionsAndAPointerToHelpNotTheWholeHelp()
    {
        var output = new StringWriter();
        var error = new StringWriter();

        int code = KvService.Program.Run(["check", "--scenaros", "5"], output, error);

        var text = output + error.ToString();
        Assert.That(code, Is.EqualTo(2));
        Assert.That(text, Does.Contain("'--scenaros'").And.Contain("--scenarios\n").And.Contain("dotnet run --project KvService -- check --help"));
        Assert.That(text, Does.Not.Contain("Options:"), "the whole help is not printed");
    }
}
