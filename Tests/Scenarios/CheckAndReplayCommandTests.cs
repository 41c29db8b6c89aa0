using KvService.Cli;
using KvService.Scenarios;
using LabRpc.Tests.Linearizability;
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

        int code = CheckCommand.Run(Settings(20), CliText.ConsoleFor(output));

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

        int code = CheckCommand.Run(settings, CliText.ConsoleFor(output));

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Contain("blocked the simulation's thread").And.Contain("Not shrunk").And.Not.Contain("Shrunk in")
            .And.Contain("SimulationBlockedException").And.Contain("Replay it exactly"));
        Assert.That(text, Does.Match(@"Stopped after (\d+) of 50 scenarios"));
        int ran = int.Parse(System.Text.RegularExpressions.Regex.Match(text, @"Stopped after (\d+) of").Groups[1].Value);
        Assert.That(ran, Is.LessThan(10), "the sweep stopped at the first blocked run (and the runs already under way)");
        Assert.That(File.Exists(Path.Combine(_folder, "scenario.json")), "the run's data is kept");
    }

    [TestCase("--ops", "1000000000", "Operations per client: at most 10,000")]
    [TestCase("--clients", "101", "Clients: at most 100")]
    [TestCase("--ops", "5000", "at most 10,000 operations in a scenario")]
    public void ASweepBeyondAScenariosLimitsIsRefusedBeforeItRuns(string option, string value, string message)
    {
        var (output, error) = (new StringWriter(), new StringWriter());

        int code = KvService.Program.Run(["check", option, value, "-n", "2", "-o", _folder], output, error);

        var text = output + error.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Usage), text);
        Assert.That(text, Does.Contain(message).And.Not.Contain("   at "));
    }

    [Test]
    public void ANondeterministicFailureDoesNotPromiseAnExactReplay()
    {
        var output = new StringWriter();

        int code = CheckCommand.Run(Settings(5, typeof(RandomClientIdKv).FullName, _folder), CliText.ConsoleFor(output));

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Contain("nondeterministic").And.Contain("may not give the same trace hash").And.Not.Contain("Replay it exactly"));
    }

    [Test]
    public void AViolationIsShrunkWrittenOutAndReplayedToTheSameTraceHash()
    {
        var output = new StringWriter();
        var broken = typeof(NoDuplicateTableKv).FullName!;

        int code = CheckCommand.Run(Settings(50, broken, _folder), CliText.ConsoleFor(output));

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
        Assert.That(CheckCommand.Run(Settings(1, "No.Such.Kv"), CliText.ConsoleFor(output)), Is.EqualTo(CheckCommand.Usage));
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
        Assert.That(text, Does.Contain("'--scenaros'").And.Contain("--scenarios\n").And.Contain("dotnet run -c Release --project KvService -- check --help"));
        Assert.That(text, Does.Not.Contain("Options:"), "the whole help is not printed");
    }

    [Test]
    public void AnOutputFolderThatIsAFileIsRejectedBeforeTheSweep()
    {
        var file = Path.Combine(_folder, "existing.txt");
        File.WriteAllText(file, "");
        foreach (var output in new[] { file, Path.Combine(file, "sub") })
        {
            var console = new StringWriter();

            int code = CheckCommand.Run(Settings(50, typeof(NoDuplicateTableKv).FullName, output), CliText.ConsoleFor(console));

            Assert.That(code, Is.EqualTo(CheckCommand.Usage), console.ToString());
            Assert.That(console.ToString(), Does.StartWith("--out: ").And.Contain("is a file").And.Contain("Nothing was run").And.Not.Contain("Checking"));
        }
        Assert.That(ReplayCommand.Run(new FileInfo(Path.Combine(_folder, "x.json")), null, file, false, new StringWriter()), Is.EqualTo(ReplayCommand.Unreadable));
    }

    [Test]
    public void ArtifactsThatCannotBeWrittenLeaveTheReportOnTheTerminal()
    {
        // A folder where scenario.json should be: the folder itself can be written, the file cannot.
        Directory.CreateDirectory(Path.Combine(_folder, "scenario.json"));
        var output = new StringWriter();

        int code = CheckCommand.Run(Settings(50, typeof(NoDuplicateTableKv).FullName, _folder), CliText.ConsoleFor(output));

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Contain("FAILED: no-duplicate-table").And.Contain("The artifacts could not be written to " + _folder)
            .And.Contain("\"format\": \"labrpc-scenario/1\"").And.Contain("Replay it exactly").And.Contain("replay.sh"));
        var json = text[text.IndexOf('{', StringComparison.Ordinal)..(text.LastIndexOf('}') + 1)];
        Assert.That(ScenarioFile.FromJson(json).Scenario.Operations, Is.LessThanOrEqualTo(3), "the shrunk scenario, ready to save");
    }

    [Test]
    public void TheScenarioFileNamesAnAssemblyByItsFullPathAndThePrintedCommandReplaysFromAnyFolder()
    {
        var assembly = typeof(NoDuplicateTableKv).Assembly.Location;
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, assembly) + ":" + typeof(NoDuplicateTableKv).FullName;
        Assert.That(Path.IsPathRooted(relative), Is.False);
        var output = new StringWriter();

        int code = CheckCommand.Run(Settings(50, relative, _folder), CliText.ConsoleFor(output));

        Assert.That(code, Is.EqualTo(CheckCommand.Violation), output.ToString());
        var saved = ScenarioFile.Read(Path.Combine(_folder, "scenario.json"));
        Assert.That(saved.Implementation, Is.EqualTo(assembly + ":" + typeof(NoDuplicateTableKv).FullName));
        var lines = output.ToString().Split('\n');
        var replay = lines[Array.FindIndex(lines, l => l.StartsWith("Replay it exactly", StringComparison.Ordinal)) + 1].Trim();
        Assert.That(replay, Does.StartWith(Path.Combine(RepoPaths.Root, "scripts", "replay.sh") + " /"));

        // Run it as printed, from another folder.
        var elsewhere = Directory.CreateTempSubdirectory("labrpc-elsewhere-").FullName;
        try
        {
            var start = new System.Diagnostics.ProcessStartInfo("bash", ["-c", replay])
            {
                WorkingDirectory = elsewhere,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = System.Diagnostics.Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromMinutes(3)), "the replay finished");
            var text = stdout.Result + stderr.Result;
            Assert.That(process.ExitCode, Is.EqualTo(ReplayCommand.Violation), text);
            Assert.That(text, Does.Contain($"Trace hash {saved.TraceHash} matches the recorded one"));
        }
        finally
        {
            Directory.Delete(elsewhere, recursive: true);
        }
    }

    [Test]
    public void AnImplementationTheFileNamesThatCannotBeLoadedIsBlamedOnTheFile()
    {
        var file = Path.Combine(_folder, "scenario.json");
        new ScenarioFile { Implementation = "missing/My.dll:My.Kv", Scenario = new Scenario { Seed = 1 } }.Write(file);
        var output = new StringWriter();

        int code = ReplayCommand.Run(new FileInfo(file), null, null, false, output);

        Assert.That(code, Is.EqualTo(ReplayCommand.Unreadable));
        Assert.That(output.ToString(), Does.Contain($"(the \"implementation\" of {file})").And.Not.Contain("(the argument)"));
    }

    [Test]
    public void AnInterruptedSweepPrintsTheSummarySoFarAndTheCommandThatRunsTheRest()
    {
        var implementation = new InterruptingKv(new SimpleKv(), servers: 12);
        var settings = Settings(1000) with { Sweep = new SweepOptions { Scenarios = 1000, Seed = 5, Parallelism = 1 } };
        var output = new StringWriter();

        int code = CheckCommand.Run(settings, implementation, CliText.ConsoleFor(output), implementation.Interrupt.Token);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Interrupted), text);
        var done = System.Text.RegularExpressions.Regex.Match(text, @"Interrupted after (\d+) of 1,000 scenarios: nothing found wrong so far\.");
        Assert.That(done.Success, text);
        int ran = int.Parse(done.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(ran, Is.InRange(1, 12), "one server per scenario at least: the sweep stopped after the scenario under way");
        Assert.That(text, Does.Match(@"scenarios\s+│\s+" + ran + " ").And.Contain($"Scenarios 0 to {ran - 1} all ran. To run the remaining {1000 - ran:N0} scenarios:"));
        var resume = text.Split('\n').Select(l => l.Trim()).Single(l => l.Contains(" -- check ", StringComparison.Ordinal));
        Assert.That(resume, Does.StartWith($"dotnet run -c Release --project {Path.Combine(RepoPaths.Root, "KvService")} -- check"));

        // The command parses, and names the rest of the same sweep.
        var args = resume[(resume.IndexOf(" -- ", StringComparison.Ordinal) + 4)..].Split(' ');
        var parse = new System.CommandLine.RootCommand { CheckCommand.Create() }.Parse(args);
        Assert.That(parse.Errors, Is.Empty, resume);
        Assert.That((parse.GetValue<ulong>("--seed"), parse.GetValue<int>("--from"), parse.GetValue<int>("--scenarios")), Is.EqualTo((5UL, ran, 1000 - ran)));
    }

    [Test]
    public void AFailureFoundBeforeAnInterruptIsStillWritten()
    {
        // Scenario 2 of seed 1 fails (see the sweep test below); the interrupt comes a few scenarios later.
        var implementation = new InterruptingKv(new NoDuplicateTableKv(), servers: 8);
        var settings = Settings(1000, typeof(NoDuplicateTableKv).FullName, _folder) with { Sweep = new SweepOptions { Scenarios = 1000, Seed = 1, Parallelism = 1 } };
        var output = new StringWriter();

        int code = CheckCommand.Run(settings, implementation, CliText.ConsoleFor(output), implementation.Interrupt.Token);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Match(@"Interrupted after \d+ of 1,000 scenarios: \d+ scenarios? not passed so far")
            .And.Contain("To run the remaining").And.Contain("Replay it exactly").And.Not.Contain("Shrunk in"));
        Assert.That(File.Exists(Path.Combine(_folder, "scenario.json")), text);
    }

[Test]
    public void AnInterruptWhileShrinkingReportsTheScenarioShrunkSoFar()
    {
        var settings = Settings(3, typeof(NoDuplicateTableKv).FullName, _folder) with { Sweep = new SweepOptions { Scenarios = 3, Seed = 1, Parallelism = 1 } };
        var counting = new InterruptingKv(new NoDuplicateTableKv(), servers: int.MaxValue);
        Assert.That(ScenarioSweep.Run(counting, settings.Sweep).FirstFailure, Is.Not.Null, "the sweep fails");

        // The interrupt comes a few runs into the shrink, after the servers the sweep creates.
        var implementation = new InterruptingKv(new NoDuplicateTableKv(), servers: counting.Created + 3);
        var output = new StringWriter();
        int code = CheckCommand.Run(settings, implementation, CliText.ConsoleFor(output), implementation.Interrupt.Token);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Violation), text);
        Assert.That(text, Does.Match(@"Shrunk in \d+ steps? \(\d+ runs?, .*\(interrupted: shrunk so far\)\.").And.Not.Contain("Interrupted after"));
        Assert.That(File.Exists(Path.Combine(_folder, "scenario.json")), text);
        Assert.That(ScenarioFile.Read(Path.Combine(_folder, "scenario.json")).Verdict, Is.Not.EqualTo("passed"), "what is written still fails");
    }

        [Test]
    public void ASweepFromAGivenScenarioRunsTheSameScenariosAsTheWholeSweep()
    {
        var whole = ScenarioSweep.Run(new NoDuplicateTableKv(), new SweepOptions { Scenarios = 10, Seed = 1 });
        Assert.That(whole.FirstFailureIndex, Is.GreaterThan(0), "a failure after the first scenario");

        var rest = ScenarioSweep.Run(new NoDuplicateTableKv(), new SweepOptions { Scenarios = 3, Seed = 1, First = whole.FirstFailureIndex });

        Assert.That(rest.FirstFailureIndex, Is.EqualTo(whole.FirstFailureIndex));
        Assert.That(rest.FirstFailure!.Scenario, Is.EqualTo(whole.FirstFailure!.Scenario));
        Assert.That((rest.Cancelled, rest.FirstNotRun), Is.EqualTo((false, whole.FirstFailureIndex + 3)));
    }

    [Test]
    public void ACheckTheCheckerCannotDecideIsUnknownWithItsOwnExitCodeNeverAPass()
    {
        var settings = Settings(3) with { Sweep = new SweepOptions { Scenarios = 3, Seed = 1, Run = new RunOptions { CheckTimeout = TimeSpan.Zero } } };
        var output = new StringWriter();

        int code = CheckCommand.Run(settings, CliText.ConsoleFor(output));

        Assert.That(code, Is.EqualTo(CheckCommand.Unknown), output.ToString());
        Assert.That(output.ToString(), Does.Contain("UNKNOWN: scenario 0").And.Contain("the time limit is zero").And.Contain("not a pass").And.Not.Contain("passed"));

        var verdict = ScenarioRunner.Run(ScenarioGenerator.Generate(11), new SimpleKv());
        var replay = new StringWriter();
        int replayed = ReplayCommand.Run(ScenarioFile.Of(verdict), new SimpleKv(), null, false, replay, checkTimeout: TimeSpan.Zero);
        Assert.That(replayed, Is.EqualTo(ReplayCommand.Unknown), replay.ToString());
        Assert.That(replay.ToString(), Does.StartWith("Replaying against").And.Contain("UNKNOWN: "));
    }

    [Test]
    public void OneOfAnythingIsSingular()
    {
        var output = new StringWriter();

        int code = CheckCommand.Run(Settings(1) with { Sweep = new SweepOptions { Scenarios = 1, Seed = 3 } }, CliText.ConsoleFor(output));

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(CheckCommand.Passed), text);
        Assert.That(text, Does.Contain("with 1 fault scenario, seed 3").And.Contain("The scenario passed.").And.Contain("1 network fault window,"));
        Assert.That(text, Does.Not.Match(@"\b1 (scenarios|faults|fault windows|network fault windows|drops|operations|RPCs|steps|runs)\b"));
        var counts = new RunCounts(1, 1, 1, 1, 1, 1, 1, TimeSpan.FromSeconds(1), 1).ToString();
        Assert.That(counts, Does.StartWith("1 operation (1 returned), 1 RPC, 1 drop, 1 duplicate, 1 crash, 1 fault injected"));
    }

    [Test]
    public void TheArtifactsPictureListsEveryViolationOfTheVerdict()
    {
        var passed = ScenarioRunner.Run(ScenarioGenerator.Generate(11), new SimpleKv(), RunOptions.Diagnostic);
        var verdict = passed with
        {
            Violations =
            [
                new Violation(ViolationKind.AtMostOnce, "token [0.3] appears 2 times in the final value of k0"),
                new Violation(ViolationKind.Liveness, "client 1's Get of k1 never returned"),
                new Violation(ViolationKind.RunFailed, "the server threw InvalidOperationException"),
            ],
        };

        var paths = Artifacts.Write(verdict, _folder);

        var html = File.ReadAllText(paths.Picture);
        Assert.That(html, Does.Contain("at-most-once: token [0.3] appears 2 times in the final value of k0")
            .And.Contain("liveness: client 1").And.Contain("run failed: the server threw InvalidOperationException"));
    }
}
