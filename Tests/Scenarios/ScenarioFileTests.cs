using System.Text.RegularExpressions;
using KvService.Scenarios;
using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Scenarios;

public sealed class ScenarioFileTests
{
    private static readonly Scenario EveryKind = new()
    {
        Seed = 9007199254740991,
        Clients = 3,
        OperationsPerClient = 7,
        FirstOperation = 2,
        Keys = 2,
        Mix = new OperationMix(1, 0, 3),
        MaxThinkTime = TimeSpan.FromMilliseconds(12),
        LivenessTimeout = TimeSpan.FromSeconds(30),
        Faults =
        [
            new UnreliableNetwork(TimeSpan.Zero, TimeSpan.FromSeconds(1.5)),
            new LongReordering(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(250)),
            new DropsAndDelays(TimeSpan.FromMilliseconds(7), TimeSpan.FromMilliseconds(80), 0.25, 0.5, TimeSpan.FromMilliseconds(40)),
            new DuplicateRequests(TimeSpan.FromMilliseconds(9), TimeSpan.FromMilliseconds(90), 0.3),
            new ClientIsolation(TimeSpan.FromMilliseconds(11), TimeSpan.FromMilliseconds(100), 2),
            new ServerCrash(TimeSpan.FromMilliseconds(120), TimeSpan.FromMilliseconds(300), CrashMoment.OnArrival),
        ],
    };

    [Test]
    public void AScenarioSurvivesTheRoundTripExactly()
    {
        var file = new ScenarioFile { Implementation = "reference", TraceHash = "00000000deadbeef", Scenario = EveryKind };

        var back = ScenarioFile.FromJson(file.ToJson());

        Assert.That(back.Scenario, Is.EqualTo(EveryKind));
        Assert.That((back.Implementation, back.TraceHash), Is.EqualTo(("reference", "00000000deadbeef")));
    }

    [Test]
    public void TheFileReadsLikeTheScenario()
    {
        var json = new ScenarioFile { Scenario = EveryKind }.ToJson();

        Assert.That(json, Does.Contain("\"format\": \"labrpc-scenario/1\""));
        Assert.That(json, Does.Contain("\"kind\": \"crash\",\n        \"at\": \"120ms\",\n        \"duration\": \"300ms\",\n        \"moment\": \"onArrival\""));
        Assert.That(json, Does.Contain("\"duration\": \"1.5s\""));
        Assert.That(json, Does.Not.Contain("total").And.Not.Contain("scheduleEnd"));
    }

    [Test]
    public void AHandWrittenFileMayUseCommentsNumbersAndAnyPropertyOrder()
    {
        const string json = """
            // a crash, written by hand
            { "scenario": { "seed": 4, "faults": [ { "at": 100, "duration": "2s", "kind": "crash", "moment": "atTime" }, ] } }
            """;

        var scenario = ScenarioFile.FromJson(json).Scenario;

        Assert.That(scenario.Faults, Is.EqualTo(new[] { new ServerCrash(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), CrashMoment.AtTime) }));
        Assert.That(scenario.Clients, Is.EqualTo(new Scenario { Seed = 0 }.Clients), "defaults fill in what is left out");
    }

    [TestCase("{ \"scenario\": { \"clients\": 2 } }", "scenario lacks the required field \"seed\"")]
    [TestCase("{ \"scenario\": { \"seed\": 1,\n \"faults\": [ { \"kind\": \"flood\" } ] } }", "line 2")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"clients\": 0 } }", "invalid scenario: A scenario needs at least one client")]
    [TestCase("{ \"format\": \"other/2\", \"scenario\": { \"seed\": 1 } }", "has format 'other/2'")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"maxThinkTime\": \"soon\" } }", "'soon' is not a duration")]
    public void ABadFileIsRejectedWithAReadableReason(string json, string reason)
    {
        Assert.That(() => ScenarioFile.FromJson(json, "bad.json"),
            Throws.TypeOf<ScenarioFileException>().With.Message.StartsWith("bad.json ").And.Message.Contains(reason));
    }

    [Test]
    public void AMissingFileIsAScenarioFileException()
    {
        Assert.That(() => ScenarioFile.Read(Path.Combine(Path.GetTempPath(), "no-such-scenario.json")),
            Throws.TypeOf<ScenarioFileException>().With.Message.StartsWith("cannot read"));
    }

    [Test]
    public void TheDocsExampleFileIsAValidScenario()
    {
        var example = LabRpc.Tests.Readme.Docs.BlocksOf("docs/simulator/fault-scenarios.md").Single(b => b.Language == "json").Code;

        var file = ScenarioFile.FromJson(example, "the fault scenarios page's example");

        Assert.That(file.Scenario.Faults, Has.Count.EqualTo(2));
        Assert.That(ScenarioRunner.Run(file.Scenario, Kv.KvSuite.Implementation).Passed, Is.True);
    }

    [TestCase("{ \"scenario\": { \"seed\": 1,\n \"clints\": 2 } }",
        "bad.json (line 2): unknown field \"clints\" in scenario. Valid fields there: seed, clients, operationsPerClient, firstOperation, keys, mix, maxThinkTime, faults, livenessTimeout.")]
    [TestCase("{ \"implementaton\": \"reference\", \"scenario\": { \"seed\": 1 } }",
        "bad.json (line 1): unknown field \"implementaton\" in the file. Valid fields there: format, implementation, traceHash, verdict, scenario.")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"mix\": { \"get\": 1, \"put\": 1, \"apend\": 2 } } }",
        "bad.json (line 1): unknown field \"apend\" in scenario.mix. Valid fields there: get, put, append.")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"crash\", \"at\": \"1ms\", \"duration\": \"5ms\", \"momnet\": \"atTime\" } ] } }",
        "bad.json (line 1): unknown field \"momnet\" in scenario.faults[0] (kind crash). Valid fields there: kind, at, duration, moment")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"faults\": [\n { \"kind\": \"crsh\", \"at\": \"1ms\", \"duration\": \"5ms\" } ] } }",
        "bad.json (line 2): scenario.faults[0] has \"kind\": \"crsh\", which is not one of the valid kinds: unreliable, longReordering, dropsAndDelays, duplicates, isolateClient, crash")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"crash\", \"at\": \"1ms\", \"duration\": \"5ms\", \"moment\": \"atime\" } ] } }",
        "bad.json (line 1): scenario.faults[0].moment is \"atime\", which is not one of the valid values: atTime, onArrival, afterExecution, afterReply")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"faults\": [ { \"at\": \"1ms\", \"duration\": \"5ms\" } ] } }",
        "bad.json (line 1): scenario.faults[0] has no \"kind\"; give one of: unreliable")]
    [TestCase("{ \"scenario\": { \"seed\": \"x\" } }", "bad.json (line 1): scenario.seed is \"x\"; it must be a whole number from 0 to 18446744073709551615.")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"clients\": 2147483648 } }", "bad.json (line 1): scenario.clients is 2147483648; it must be a whole number from")]
    public void AMistakeInAHandEditedFileIsNamedWithItsLineAndTheValidNames(string json, string message)
    {
        Assert.That(() => ScenarioFile.FromJson(json, "bad.json"),
            Throws.TypeOf<ScenarioFileException>().With.Message.StartsWith(message).And.Message.Not.Contain("KvService."));
    }

    [Test]
    public void AFileTheCheckWritesIsReadBackStrictly()
    {
        var verdict = ScenarioRunner.Run(ScenarioGenerator.Generate(11), Kv.KvSuite.Implementation);
        var file = ScenarioFile.Of(verdict, "reference") with { Scenario = EveryKind };

        Assert.That(ScenarioFile.FromJson(file.ToJson()), Is.EqualTo(file));
    }
}
