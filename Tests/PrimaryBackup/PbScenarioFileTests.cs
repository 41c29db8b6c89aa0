using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.Scenarios;
using KvService.Scenarios;

namespace LabRpc.Tests.PrimaryBackup;

public sealed class PbScenarioFileTests
{
    /// <summary>Generated scenarios of the default sweep, from its start, until every fault kind has appeared in one.</summary>
    private static List<PbScenario> ScenariosWithEveryKind()
    {
        var scenarios = new List<PbScenario>();
        var missing = new HashSet<PbFaultKind>(Enum.GetValues<PbFaultKind>());
        for (int i = 0; missing.Count > 0 && i < 1000; i++)
        {
            var scenario = PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(1, i));
            if (!scenario.Faults.Any(f => missing.Remove(f.Kind))) continue;
            scenarios.Add(scenario);
        }
        Assert.That(missing, Is.Empty, "the generator draws every kind");
        return scenarios;
    }

    [Test]
    public void GeneratedScenariosWithEveryFaultKindSurviveTheRoundTripExactly()
    {
        var scenarios = ScenariosWithEveryKind();
        var all = scenarios[0] with { Clients = 3, Faults = [.. scenarios.SelectMany(s => s.Faults)] };

        foreach (var scenario in scenarios.Append(all))
        {
            var file = new PbScenarioFile { Format = PbScenarioFile.CurrentFormat, Implementation = "reference", TraceHash = "00000000deadbeef", Scenario = scenario };

            var back = PbScenarioFile.FromJson(file.ToJson());

            Assert.That(back.Scenario, Is.EqualTo(scenario), file.ToJson());
            Assert.That((back.Implementation, back.TraceHash), Is.EqualTo(("reference", "00000000deadbeef")));
        }
    }

    [Test]
    public void AScenarioReadBackRunsTheSameAsTheOriginal()
    {
        var scenario = ScenariosWithEveryKind().First(s => s.Faults.Any(f => f.Kind == PbFaultKind.RetryAcrossFailovers));
        var shrunk = scenario with { Faults = [.. scenario.Faults.Select(f => f with { Duration = f.Duration / 3 + TimeSpan.FromTicks(1) })] };
        var run = PbScenarioRunner.Run(shrunk, new ReferencePb());

        var back = PbScenarioFile.FromJson(PbScenarioFile.Of(run).ToJson()).Scenario;

        Assert.That(PbScenarioRunner.Run(back, new ReferencePb()).TraceHash, Is.EqualTo(run.TraceHash), "durations down to a tick survive");
    }

    [Test]
    public void TheFileNamesItsServiceAndWritesOnlyTheFieldsAKindUses()
    {
        var scenario = new PbScenario
        {
            Seed = 7, Servers = 2, Clients = 2, Unreliable = true,
            Faults =
            [
                new PbFault(PbFaultKind.CrashPrimary, TimeSpan.FromMilliseconds(1200), TimeSpan.FromMilliseconds(250)),
                new PbFault(PbFaultKind.SplitBrain, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(1.5), Client: 1),
                new PbFault(PbFaultKind.CrashBoth, TimeSpan.FromSeconds(6), TimeSpan.FromMilliseconds(300), Gap: TimeSpan.FromSeconds(1.2)),
                new PbFault(PbFaultKind.DuplicateRequests, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), Rate: 0.5, MaxDelay: TimeSpan.FromMilliseconds(400)),
                new PbFault(PbFaultKind.ClerkTimeouts, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), Timeout: TimeSpan.FromMilliseconds(50), MaxDelay: TimeSpan.FromMilliseconds(600)),
                new PbFault(PbFaultKind.CrashPrimaryAtMoment, TimeSpan.FromSeconds(9), TimeSpan.FromMilliseconds(300), Moment: CrashMoment.AfterExecution),
                new PbFault(PbFaultKind.CrashBackupAtMoment, TimeSpan.FromSeconds(12), TimeSpan.FromMilliseconds(300), Moment: CrashMoment.AfterWrite, Write: 2),
            ],
        };

        var json = new PbScenarioFile { Format = PbScenarioFile.CurrentFormat, Scenario = scenario }.ToJson();

        Assert.That(json, Does.Contain("\"format\": \"labrpc-pb-scenario/1\"").And.Contain("\"operationsPerClient\": 10").And.Contain("\"unreliable\": true"));
        Assert.That(json, Does.Contain("\"kind\": \"crashPrimary\",\n        \"at\": \"1.2s\",\n        \"duration\": \"250ms\"\n      }"));
        Assert.That(json, Does.Contain("\"kind\": \"splitBrain\",\n        \"at\": \"3s\",\n        \"duration\": \"1.5s\",\n        \"client\": 1\n      }"));
        Assert.That(json, Does.Contain("\"kind\": \"crashBoth\",\n        \"at\": \"6s\",\n        \"duration\": \"300ms\",\n        \"gap\": \"1.2s\"\n      }"));
        Assert.That(json, Does.Contain("\"kind\": \"duplicateRequests\",\n        \"at\": \"1s\",\n        \"duration\": \"2s\",\n        \"rate\": 0.5,\n        \"maxDelay\": \"400ms\"\n      }"));
        Assert.That(json, Does.Contain("\"kind\": \"clerkTimeouts\",\n        \"at\": \"1s\",\n        \"duration\": \"2s\",\n        \"maxDelay\": \"600ms\",\n        \"timeout\": \"50ms\"\n      }"));
        Assert.That(json, Does.Contain("\"kind\": \"crashPrimaryAtMoment\",\n        \"at\": \"9s\",\n        \"duration\": \"300ms\",\n        \"moment\": \"afterExecution\"\n      }"));
        Assert.That(json, Does.Contain("\"moment\": \"afterWrite\",\n        \"write\": 2\n      }"));
        Assert.That(PbScenarioFile.FromJson(json).Scenario, Is.EqualTo(scenario));
        Assert.That(json, Does.Not.Contain("scheduleEnd").And.Not.Contain("\"end\"").And.Not.Contain("sequential").And.Not.Contain("namesClerk").And.Not.Contain("atMoment").And.Not.Contain("momentText"));
    }

    [Test]
    public void AHandWrittenFileMayUseCommentsNumbersAndAnyOrderAndLeaveOutDefaults()
    {
        const string json = """
            // a split brain, written by hand
            { "scenario": { "faults": [ { "duration": 2000, "at": "0ms", "kind": "splitBrain" }, ], "seed": 4 }, "format": "labrpc-pb-scenario/1" }
            """;

        var scenario = PbScenarioFile.FromJson(json).Scenario;

        Assert.That(scenario.Faults, Is.EqualTo(new[] { new PbFault(PbFaultKind.SplitBrain, TimeSpan.Zero, TimeSpan.FromSeconds(2)) }));
        Assert.That((scenario.Servers, scenario.Clients, scenario.LivenessTimeout), Is.EqualTo((3, 2, TimeSpan.FromSeconds(10))), "defaults fill in what is left out");
    }

    private const string Format = "\"format\": \"labrpc-pb-scenario/1\"";

    [TestCase("{ " + Format + ", \"scenario\": { \"clients\": 2 } }", "scenario lacks the required field \"seed\"")]
    [TestCase("{ \"scenario\": { \"seed\": 1, \"servers\": 3 } }", "has no \"format\": a primary/backup scenario file says \"format\": \"labrpc-pb-scenario/1\"")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1,\n \"servrs\": 3 } }", "(line 2): unknown field \"servrs\" in scenario. Valid fields there: seed, servers, clients")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1,\n \"faults\": [ { \"kind\": \"flood\", \"at\": 0, \"duration\": 5 } ] } }", "(line 2): scenario.faults[0].kind is \"flood\", which is not one of the valid values: crashPrimary, crashBackup")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"crashBackup\", \"at\": 0 } ] } }", "lacks the required field \"duration\"")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"crashBackup\", \"at\": 0, \"duration\": 5, \"downtime\": 5 } ] } }", "unknown field \"downtime\" in scenario.faults[0]")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"crashPrimaryAtMoment\", \"at\": 0, \"duration\": 5 } ] } }", "A crash at a moment names one")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"clerkTimeouts\", \"at\": 0, \"duration\": 5, \"timeout\": \"50ms\", \"maxDelay\": \"40ms\" } ] } }", "Clerk timeouts need a timeout above 0 and a longer delay")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"faults\": [ { \"kind\": \"duplicateRequests\", \"at\": 0, \"duration\": 5, \"rate\": 1.5 } ] } }", "A rate is 0 to 1")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"servers\": 1 } }", "invalid primary/backup scenario: A primary/backup scenario has 2 to 5 servers (got 1)")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"clients\": 2, \"faults\": [ { \"kind\": \"splitBrain\", \"at\": 0, \"duration\": 5, \"client\": 2 } ] } }", "Clerk 2 does not exist (the scenario has 2")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": 1, \"maxThinkTime\": \"soon\" } }", "'soon' is not a duration")]
    [TestCase("{ " + Format + ", \"scenario\": { \"seed\": -1 } }", "scenario.seed is -1; it must be a whole number from 0 to")]
    [TestCase("{ \"format\": \"labrpc-pb-scenario/2\", \"scenario\": { \"seed\": 1 } }", "has format 'labrpc-pb-scenario/2'")]
    [TestCase("{ " + Format + " \"scenario\": { } }", "is not a valid primary/backup scenario file (line 1")]
    public void ABadFileIsRejectedWithAReadableReason(string json, string reason)
    {
        Assert.That(() => PbScenarioFile.FromJson(json, "bad.json"),
            Throws.TypeOf<ScenarioFileException>().With.Message.StartsWith("bad.json ").And.Message.Contains(reason));
    }

    [Test]
    public void AFileOfTheOtherServiceIsRefusedByEachReaderWithAMessageThatSaysSo()
    {
        var kv = new ScenarioFile { Implementation = "reference", Scenario = new Scenario { Seed = 1 } }.ToJson();
        var pb = new PbScenarioFile { Format = PbScenarioFile.CurrentFormat, Scenario = new PbScenario { Seed = 1 } }.ToJson();

        Assert.That(() => PbScenarioFile.FromJson(kv, "kv.json"), Throws.TypeOf<ScenarioFileException>().With.Message
            .EqualTo("kv.json is a key/value scenario file (format 'labrpc-scenario/1'), not a primary/backup one ('labrpc-pb-scenario/1'): replay runs it as one, against a KV implementation."));
        Assert.That(() => ScenarioFile.FromJson(pb, "pb.json"), Throws.TypeOf<ScenarioFileException>().With.Message
            .EqualTo("pb.json has format 'labrpc-pb-scenario/1'; this version reads 'labrpc-scenario/1': it is a primary/backup scenario file (check --service pb writes them; replay runs both kinds)."));
        Assert.That((PbScenarioFile.Holds(pb), PbScenarioFile.Holds(kv), PbScenarioFile.Holds("{ not json")), Is.EqualTo((true, false, false)));
    }

    [Test]
    public void AMissingFileIsAScenarioFileException()
    {
        Assert.That(() => PbScenarioFile.Read(Path.Combine(Path.GetTempPath(), "no-such-pb-scenario.json")),
            Throws.TypeOf<ScenarioFileException>().With.Message.StartsWith("cannot read "));
    }
}
