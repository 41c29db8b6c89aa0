using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using KvService.Cli;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.Scenarios;
using LabRpc.Diagram;
using LabRpc.Tests.Linearizability;
using LabRpc.Tests.PrimaryBackup.Broken;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>The message diagram of a primary/backup run: written with a failure of <c>check --service pb</c> and by
/// <c>replay --out</c>, recorded without changing the run.</summary>
public sealed partial class PbDiagramTests
{
    private string _folder = null!;

    [SetUp]
    public void MakeFolder() => _folder = Directory.CreateTempSubdirectory("labrpc-pbdiagram-").FullName;

    [TearDown]
    public void RemoveFolder() => Directory.Delete(_folder, recursive: true);

    [Test]
    public void AZooMembersFailureWritesADiagramOfTheViewServiceTheServersAndTheClerks()
    {
        var output = new StringWriter();

        int code = PbSweep.Check(BrokenPb.AnswersBeforeBackup, scenarios: 5, seed: 7, shrink: false, output, folder: _folder, parallelism: 1);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(KvService.Cli.CheckCommand.Violation), text);
        Assert.That(text, Does.Contain("The first is scenario 4 ").And.Contain("diagram.html   the run as a message diagram"), "listed with the other artifacts");
        Assert.That(text, Does.Not.Contain("Warning: two runs of this scenario differ"), "the run that records the diagram is the sweep's run");
        var path = Path.Combine(_folder, "diagram.html");
        Assert.That(File.Exists(path), path);
        var html = File.ReadAllText(path);
        var page = Data(html);
        Assert.That(html, Does.Contain("<title>primary/backup, answers-before-backup, seed "));
        var scenario = PbScenarioFile.Read(Path.Combine(_folder, "scenario.json")).Scenario;
        Assert.That(page.Lanes, Is.EqualTo(Lanes(scenario)), "the view service, the servers, the clerks and the final reader, in that order");
        Assert.That(page.Lanes, Does.Contain("viewservice").And.Contain("pb0").And.Contain("pb1").And.Contain("clerk0"));
        var sent = page.Events.Where(e => e.Kind == "Sent").Select(e => (Lane: page.Lanes[e.Lane], Method: e.Text.Split(' ')[^1])).ToHashSet();
        Assert.That(sent, Does.Contain(("pb0", "ViewServer.Ping")).And.Contain(("pb1", "ViewServer.Ping")), "the servers' pings");
        Assert.That(sent.Where(s => s.Method is "PbServer.Forward" or "PbServer.Transfer").Select(s => s.Method).Distinct().Order(),
            Is.EqualTo(new[] { "PbServer.Forward", "PbServer.Transfer" }), "the primary's forwards and its state transfer to the backup");
        Assert.That(sent.Any(s => s.Lane == "clerk0" && s.Method == "ViewServer.Get") && sent.Any(s => s.Lane == "clerk0" && s.Method.StartsWith("PbServer.", StringComparison.Ordinal)),
            "a clerk asks the view service, then calls a server");
        Assert.That(page.Events.Any(e => e.Kind == "Note" && e.Text.StartsWith("fault event starts: ", StringComparison.Ordinal)), "the fault event");
        Assert.That(page.Events.Any(e => e.Kind == "Call" && page.Lanes[e.Lane] == "clerk0") && page.Events.Any(e => e.Kind == "Return" && page.Lanes[e.Lane] == "clerk0"),
            "the clerk's operations");
        Assert.That(page.Events.Any(e => e.Blamed && e.Kind == "Call"), "the operations the verdict names are blamed");
        var lost = page.Messages.Where(m => m.To < 0 && m.Kind == "request").ToList();
        Assert.That(lost, Is.Not.Empty, "the split brain cuts the primary off from the view service: its pings are lost on the way");
        foreach (var request in lost)
        {
            var from = page.Events[request.From];
            Assert.That((page.Lanes[request.ToLane] == "viewservice", page.Lanes[request.ToLane].StartsWith("pb", StringComparison.Ordinal)),
                Is.EqualTo((from.Text.Contains("ViewServer.", StringComparison.Ordinal), from.Text.Contains("PbServer.", StringComparison.Ordinal))),
                $"a lost request is drawn toward the party it was sent to: {from.Text} on {page.Lanes[from.Lane]}");
        }
        Assert.That(page.Notes, Has.Some.StartsWith("not linearizable"), "the verdict's findings head the page");
    }

    [Test]
    public void RecordingTheDiagramDoesNotChangeTheRun()
    {
        // The first scenarios of a sweep that between them have every kind of fault event: crashes and restarts, cuts,
        // one-way cuts, held and slow links are all drawn.
        var missing = Enum.GetValues<PbFaultKind>().ToHashSet();
        var scenarios = new List<PbScenario>();
        for (int i = 0; missing.Count > 0; i++)
        {
            Assert.That(i, Is.LessThan(1000), $"no scenario with {string.Join(", ", missing)}");
            var scenario = PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(1, i));
            if (!scenario.Faults.Any(f => missing.Contains(f.Kind))) continue;
            missing.ExceptWith(scenario.Faults.Select(f => f.Kind));
            scenarios.Add(scenario);
        }

        foreach (var scenario in scenarios)
        {
            var plain = PbScenarioRunner.Run(scenario, new ReferencePb());

            var drawn = PbScenarioRunner.Run(scenario, new ReferencePb(), PbRunOptions.Diagnostic);

            Assert.That((drawn.TraceHash, drawn.Passed, drawn.Operations, drawn.Rpcs), Is.EqualTo((plain.TraceHash, plain.Passed, plain.Operations, plain.Rpcs)), scenario.ToString());
            Assert.That(plain.Diagram, Is.Null, "a sweep's run records no diagram");
            var diagram = drawn.Diagram!;
            Assert.That(diagram.Lanes, Is.EqualTo(Lanes(scenario)), $"a lane for each party, none for the harness or an end: {scenario}");
            Assert.That(diagram.Events.Where(e => e.Kind == DiagramEventKind.Sent).Select(e => e.CallId), Is.EquivalentTo(Calls(drawn.Log!)),
                $"every call the log shows but the harness's own: {scenario}");
            Assert.That(diagram.Events.Count(e => e.Kind == DiagramEventKind.Note && e.Text.StartsWith("fault event starts", StringComparison.Ordinal)),
                Is.EqualTo(scenario.Faults.Count), scenario.ToString());
            int crashes = diagram.Events.Count(e => e.Kind == DiagramEventKind.Crash);
            bool crashAtTime = scenario.Faults.Any(f => f.Kind is PbFaultKind.CrashPrimary or PbFaultKind.CrashBackup or PbFaultKind.CrashBoth or PbFaultKind.RetryAcrossFailovers
                or PbFaultKind.FlakyLinkThenFailover);
            if (crashAtTime) Assert.That(crashes, Is.GreaterThan(0), scenario.ToString());
            else if (!scenario.Faults.Any(f => f.AtMoment)) Assert.That(crashes, Is.Zero, scenario.ToString()); // (a crash at a moment needs a request to reach it)
            Assert.That(diagram.Events.Count(e => e.Kind == DiagramEventKind.Restart), Is.EqualTo(crashes), $"each crashed server comes back: {scenario}");
        }
    }

    [Test]
    public void APassingReplayWithOutWritesTheDiagramToo()
    {
        var verdict = PbScenarioRunner.Run(PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(1, 5)), new ReferencePb());
        var file = Path.Combine(_folder, "scenario.json");
        PbScenarioFile.Of(verdict, "reference").Write(file);
        var folder = Path.Combine(_folder, "again");
        var output = new StringWriter();

        int code = KvService.Program.Run(["replay", file, "--out", folder], output, output);

        var text = output.ToString();
        Assert.That(code, Is.EqualTo(ReplayCommand.Passed), text);
        Assert.That(text, Does.Contain("diagram.html   the run as a message diagram").And.Contain("history.html").And.Contain("scenario.json"),
            "replay lists what it wrote");
        var page = Data(File.ReadAllText(Path.Combine(folder, "diagram.html")));
        Assert.That(page.Lanes.Take(3), Is.EqualTo(new[] { "viewservice", "pb0", "pb1" }));
        Assert.That(page.Events.Count(e => e.Kind == "Return"), Is.EqualTo(verdict.Operations), "every operation returned, and is drawn");
        Assert.That(page.Events.Any(e => e.Blamed), Is.False, "a run that passed blames nothing");
        Assert.That(page.Notes, Is.Empty);
    }

    [Test]
    public void ARequestThatNeverArrivesIsDrawnTowardTheServerItWasSentTo()
    {
        var diagram = new MessageDiagram();
        foreach (var lane in new[] { "viewservice", "pb0", "pb1", "clerk0" }) diagram.Lane(lane);
        diagram.Observe(new CallEvent(CallStage.Sent, 1, "PbServer.Get", "clerk0", null, false), 0, "pb0");
        diagram.Observe(new CallEvent(CallStage.Arrived, 1, "PbServer.Get", "clerk0", "pb0", false), 0);
        diagram.Observe(new CallEvent(CallStage.Sent, 2, "PbServer.Get", "clerk0", null, false), 10, "pb1");
        diagram.Observe(new CallEvent(CallStage.Failed, 2, "PbServer.Get", "clerk0", null, false), 20);

        var lost = diagram.Messages().Single(m => m.To < 0);

        Assert.That((lost.Kind, lost.Fate, diagram.Lanes[lost.ToLane]), Is.EqualTo(("request", "dropped", "pb1")),
            "not toward pb0, where the clerk's other request went");
    }

    [Test]
    public void TheBrowserDrawsAFailuresDiagramAndStepsThroughIt()
    {
        PbSweep.Check(BrokenPb.AnswersBeforeBackup, scenarios: 5, seed: 7, shrink: false, TextWriter.Null, folder: _folder, parallelism: 1);
        var path = Path.Combine(_folder, "diagram.html");
        var data = Data(File.ReadAllText(path));
        // Keys pressed after the page is drawn; where each leaves the current event is left on the body for the test to read.
        const string Keys = """
            <script>
            (function () {
              function press(key) { document.dispatchEvent(new KeyboardEvent('keydown', { key: key })); return document.body.getAttribute('data-step'); }
              var b = document.body;
              b.setAttribute('data-after-home', press('Home'));
              b.setAttribute('data-next-blamed', press('b'));
              b.setAttribute('data-lanes', String(document.querySelectorAll('.lane-name').length));
              b.setAttribute('data-lost', String(document.querySelectorAll('.cross').length));
            })();
            </script>
            """;
        File.WriteAllText(path, File.ReadAllText(path).Replace("</body>", Keys + "</body>", StringComparison.Ordinal));

        var page = HeadlessChromium.Load(path);

        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-ready"), Is.EqualTo("true"), page.Dom);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.BodyAttribute("data-events"), Is.EqualTo(N(data.Events.Length)));
        Assert.That(page.BodyAttribute("data-messages"), Is.EqualTo(N(data.Messages.Length)));
        Assert.That(page.BodyAttribute("data-lanes"), Is.EqualTo(N(data.Lanes.Length)));
        Assert.That(page.BodyAttribute("data-lost"), Is.EqualTo(N(data.Messages.Count(m => m.To < 0))), "a cross for each message lost");
        Assert.That(page.BodyAttribute("data-after-home"), Is.EqualTo("0"));
        Assert.That(page.BodyAttribute("data-next-blamed"), Is.EqualTo(N(Array.FindIndex(data.Events, e => e.Blamed))), "b goes to the first blamed event");
    }

    /// <summary>The parties of <paramref name="scenario"/>'s run: the view service, the servers, the clerks and the final reader.</summary>
    private static string[] Lanes(PbScenario scenario) =>
        ["viewservice", .. Enumerable.Range(0, scenario.Servers).Select(i => $"pb{i}"), .. Enumerable.Range(0, scenario.Clients + 1).Select(i => $"clerk{i}")];

    /// <summary>The calls the network logged leaving a party's end (not the harness's, which asks the view service for the
    /// view as each fault event starts).</summary>
    private static IEnumerable<long> Calls(string log) => LoggedCall().Matches(log)
        .Where(m => !m.Groups[2].Value.StartsWith("harness->", StringComparison.Ordinal))
        .Select(m => long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).Distinct();

    [GeneratedRegex(@"\] call (\d+) \S+ from (\S+?)(?::| to )")]
    private static partial Regex LoggedCall();

    /// <summary>The data the page draws, as it holds it.</summary>
    private static PageData Data(string html) =>
        JsonSerializer.Deserialize<PageData>(DataScript().Match(html).Groups[1].Value, new JsonSerializerOptions { PropertyNameCaseInsensitive = true })!;

    [GeneratedRegex("""<script type="application/json" id="diagram-data">(.*?)</script>""", RegexOptions.Singleline)]
    private static partial Regex DataScript();

    private sealed record PageData(string Title, string[] Notes, string[] Lanes, EventData[] Events, MessageData[] Messages);

    private sealed record EventData(string Time, int Lane, string Kind, string Text, bool Blamed);

    private sealed record MessageData(int From, int To, int ToLane, string Kind, string Fate);
}
