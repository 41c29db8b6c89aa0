using System.Text.RegularExpressions;
using KvService.Cli;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.Scenarios;
using KvService.Scenarios;
using LabRpc.Tests.PrimaryBackup.Broken;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary><c>check --service pb</c>'s artifacts and <c>replay</c> of primary/backup scenario files.</summary>
public sealed class PbReplayTests
{
    private static readonly string AnswersBeforeBackup =
        $"{typeof(BrokenPb).Assembly.Location}:{typeof(BrokenPb).FullName}.{nameof(BrokenPb.AnswersBeforeBackup)}";

    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("labrpc-pbreplay-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AZooMembersFailureWritesEveryArtifactAndItsFileReplaysToTheSameRunAndPassesOnTheReference()
    {
        var output = new StringWriter();

        int code = KvService.Program.Run(["check", "--service", "pb", "--impl", AnswersBeforeBackup, "-n", "5", "-s", "7", "--out", _folder], output, output);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(KvService.Cli.CheckCommand.Violation), text);
        var scenarioFile = Path.Combine(_folder, "scenario.json");
        Assert.That(text, Does.Contain("The first is scenario 4 ").And.Contain("Shrunk in").And.Contain($"Artifacts in {_folder}:")
            .And.Contain("Replay it exactly (same trace hash):").And.Contain("scripts/replay.sh " + scenarioFile));
        foreach (var file in new[] { "scenario.json", "history.html", "history.txt", "run.log", "verdict.txt" })
            Assert.That(File.Exists(Path.Combine(_folder, file)), file);
        var saved = PbScenarioFile.Read(scenarioFile);
        Assert.That(saved.Implementation, Is.EqualTo(AnswersBeforeBackup), "the file names the implementation, so replay finds it by itself");
        Assert.That(saved.Verdict, Is.EqualTo("not linearizable; at-most-once"));
        Assert.That(saved.Scenario.Faults, Has.Count.EqualTo(1), "shrunk");
        Assert.That(File.ReadAllText(Path.Combine(_folder, "verdict.txt")), Does.StartWith("FAILED: answers-before-backup").And.Contain("Replay: ")
            .And.Contain($"trace hash {saved.TraceHash}"));
        Assert.That(File.ReadAllText(Path.Combine(_folder, "history.html")), Does.Contain("<html").And.Contain("answers-before-backup"));
        Assert.That(File.ReadAllText(Path.Combine(_folder, "history.txt")), Does.Contain(":type :invoke").And.Contain($"trace hash {saved.TraceHash}"));
        var log = File.ReadAllText(Path.Combine(_folder, "run.log"));
        Assert.That(log, Does.Match(@"\[\s*\d+\.\d+s clerk0#1\] clerk 0 calls ").And.Match(@"\[\s*\d+\.\d+s main#1\] fault event starts: SplitBrain")
            .And.Match(@"\[\s*\d+\.\d+s viewservice#1\] new view"), "virtual time and node on each line: the clerks' calls, the faults, the servers");

        var replay = new StringWriter();
        int replayed = ReplayCommand.Run(new FileInfo(scenarioFile), implementation: null, output: null, printLog: false, replay);

        Assert.That(replayed, Is.EqualTo(ReplayCommand.Violation), replay.ToString());
        Assert.That(replay.ToString(), Does.Contain("FAILED: answers-before-backup").And.Contain($"Trace hash {saved.TraceHash} matches the recorded one"));

        var fixedRun = new StringWriter();
        int passed = ReplayCommand.Run(new FileInfo(scenarioFile), "reference", output: null, printLog: false, fixedRun);

        Assert.That(passed, Is.EqualTo(ReplayCommand.Passed), fixedRun.ToString());
        Assert.That(fixedRun.ToString(), Does.Contain("PASSED: reference").And.Contain("not compared"));
    }

    [Test]
    public void ThePrintedReplayCommandRunsTheFileThroughTheCommandLine()
    {
        var verdict = PbScenarioRunner.Run(PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(1, 5)), new ReferencePb());
        var file = Path.Combine(_folder, "scenario.json");
        PbScenarioFile.Of(verdict, "reference").Write(file);
        var output = new StringWriter();

        int code = KvService.Program.Run(["replay", file, "--log", "--out", Path.Combine(_folder, "again")], output, output);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(ReplayCommand.Passed), text);
        Assert.That(text, Does.Contain("Replaying a primary/backup scenario against reference.").And.Contain("clerk 0 calls")
            .And.Contain($"Trace hash {verdict.TraceHashText} matches the recorded one"));
        Assert.That(File.Exists(Path.Combine(_folder, "again", "history.html")) && File.Exists(Path.Combine(_folder, "again", "run.log")));
        Assert.That(PbScenarioFile.Read(Path.Combine(_folder, "again", "scenario.json")).Scenario, Is.EqualTo(verdict.Scenario));
    }

    [Test]
    public void CapturingTheLogDoesNotChangeTheRun()
    {
        for (int i = 0; i < 15; i++)
        {
            var scenario = PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(2, i));
            var plain = PbScenarioRunner.Run(scenario, new ReferencePb());

            var logged = PbScenarioRunner.Run(scenario, new ReferencePb(), PbRunOptions.Diagnostic);

            Assert.That((logged.TraceHash, logged.Passed, logged.Operations, logged.Rpcs), Is.EqualTo((plain.TraceHash, plain.Passed, plain.Operations, plain.Rpcs)), scenario.ToString());
            Assert.That(logged.Log, Does.Contain("calls"));
            Assert.That(plain.Log, Is.Null);
        }
    }

    [Test]
    public void AReplayThatEndsWithAnotherTraceHashIsExitCodeThree()
    {
        var verdict = PbScenarioRunner.Run(PbScenarioGenerator.Generate(11), new ReferencePb());
        var file = PbScenarioFile.Of(verdict) with { TraceHash = "0123456789abcdef" };
        var output = new StringWriter();

        int code = ReplayCommand.Run(file, new ReferencePb(), null, printLog: false, output);

        Assert.That(code, Is.EqualTo(ReplayCommand.DifferentRun));
        Assert.That(output.ToString(), Does.Contain($"Trace hash {verdict.TraceHashText} DIFFERS from the recorded 0123456789abcdef"));
    }

    [Test]
    public void AFileOfTheWrongServiceOrForTheOtherServicesImplementationIsRefusedWithAClearMessage()
    {
        var kvFile = Path.Combine(_folder, "kv.json");
        new ScenarioFile { Implementation = "reference", Scenario = new Scenario { Seed = 1 } }.Write(kvFile);
        var pbFile = Path.Combine(_folder, "pb.json");
        new PbScenarioFile { Format = PbScenarioFile.CurrentFormat, Implementation = "reference", Scenario = new PbScenario { Seed = 1 } }.Write(pbFile);
        string kvImplementation = typeof(NoDuplicateTableKv).FullName!;

        var kvWithPb = new StringWriter();
        int kvCode = ReplayCommand.Run(new FileInfo(kvFile), AnswersBeforeBackup, null, false, kvWithPb);
        var pbWithKv = new StringWriter();
        int pbCode = ReplayCommand.Run(new FileInfo(pbFile), kvImplementation, null, false, pbWithKv);

        Assert.That(kvCode, Is.EqualTo(ReplayCommand.Unreadable));
        Assert.That(kvWithPb.ToString(), Does.Contain("kv.json is a key/value scenario file, but --impl").And.Contain("names a primary/backup implementation"));
        Assert.That(pbCode, Is.EqualTo(ReplayCommand.Unreadable));
        Assert.That(pbWithKv.ToString(), Does.Contain("pb.json is a primary/backup scenario file, but --impl").And.Contain("names a key/value implementation"));
        Assert.That(() => PbScenarioFile.Read(kvFile), Throws.TypeOf<ScenarioFileException>().With.Message.Contains("is a key/value scenario file"));
        Assert.That(() => ScenarioFile.Read(pbFile), Throws.TypeOf<ScenarioFileException>().With.Message.Contains("it is a primary/backup scenario file"));
    }

    [Test]
    public void AnUnreadablePrimaryBackupFileOrImplementationIsExitCodeTwoWithoutAStackTrace()
    {
        var bad = Path.Combine(_folder, "bad.json");
        File.WriteAllText(bad, "{ \"format\": \"labrpc-pb-scenario/1\",\n  \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"crashPrimry\", \"at\": 0, \"duration\": 5 } ] } }");
        var named = Path.Combine(_folder, "named.json");
        new PbScenarioFile { Format = PbScenarioFile.CurrentFormat, Implementation = "No.Such.Pb", Scenario = new PbScenario { Seed = 1 } }.Write(named);
        var (first, second) = (new StringWriter(), new StringWriter());

        Assert.That(ReplayCommand.Run(new FileInfo(bad), null, null, false, first), Is.EqualTo(ReplayCommand.Unreadable));
        Assert.That(ReplayCommand.Run(new FileInfo(named), null, null, false, second), Is.EqualTo(ReplayCommand.Unreadable));

        Assert.That(first.ToString(), Does.Contain("(line 2)").And.Contain("\"crashPrimry\"").And.Contain("crashPrimary").And.Not.Contain("   at "));
        Assert.That(second.ToString(), Does.Contain("'No.Such.Pb'").And.Contain("named by the \"implementation\" of " + named).And.Not.Contain("   at "));
    }

    [Test]
    public void ArtifactsThatCannotBeWrittenLeaveTheReportAndTheScenarioOnTheTerminal()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "scenario.json")); // a folder where the file should go
        var output = new StringWriter();

        int code = PbSweep.Check(BrokenPb.AnswersBeforeBackup, 5, 7, shrink: false, output, AnswersBeforeBackup, _folder);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(KvService.Cli.CheckCommand.Violation), text);
        Assert.That(text, Does.Contain($"The artifacts could not be written to {_folder}").And.Contain("FAILED: answers-before-backup")
            .And.Contain("\"format\": \"labrpc-pb-scenario/1\"").And.Match(@"replay(\.sh)? \S*scenario\.json"));
        var json = Regex.Match(text, "(?ms)^\\{\\n.*?^\\}$").Value;
        Assert.That(PbScenarioFile.FromJson(json).Implementation, Is.EqualTo(AnswersBeforeBackup), "the printed scenario is a file to save and replay");
    }

    [Test]
    public void AnOutputFolderThatIsAFileIsRefusedBeforeTheSweep()
    {
        var file = Path.Combine(_folder, "existing.txt");
        File.WriteAllText(file, "");
        var output = new StringWriter();

        int code = KvService.Program.Run(["check", "--service", "pb", "--out", file], output, output);

        Assert.That(code, Is.EqualTo(KvService.Cli.CheckCommand.Usage), output.ToString());
        Assert.That(output.ToString(), Does.Contain("--out: ").And.Contain("is a file").And.Not.Contain("Checking"));
    }
}
