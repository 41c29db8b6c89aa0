using System.Globalization;
using KvService.Cli;
using KvService.Exploration;
using KvService.Scenarios;
using LabRpc.Diagram;
using LabRpc.Tests.Linearizability;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Exploration;

/// <summary>The message diagram: a self-contained page that draws a run's messages with their fates and steps through its
/// events with the keyboard, written with every failure of check and explore.</summary>
public sealed class DiagramPageTests
{
    /// <summary>A failing run with its diagram: the server without a duplicate table, one Append, one fault.</summary>
    private static Verdict Failure()
    {
        var result = KvExplorer.Explore(new NoDuplicateTableKv(), new ExplorationConfig { Seed = 3, Clients = 1, OperationsPerClient = 1 });
        Assert.That(result.Failure?.Diagram, Is.Not.Null, result.Headline());
        return result.Failure!;
    }

    [Test]
    public void ThePageIsSelfContainedAndEscapesItsData()
    {
        var diagram = new MessageDiagram();
        diagram.Add(0, "</script><script>alert(1)</script>", DiagramEventKind.Note, "<b>&amp;\"'");

        var html = DiagramPage.ToHtml(diagram, "title </title><script>alert(2)</script>", ["</script><script>alert(3)</script>"]);

        Assert.That(html, Does.Not.Contain("<script>alert"));
        Assert.That(html, Does.Not.Contain("</script><script>"));
        Assert.That(html, Does.Not.Match("(src|href)=\"(https?:)?//"));
        Assert.That(html, Does.Not.Contain("@import"));
    }

    [Test]
    public void AFailingRunsDiagramHasEveryMessageWithItsFateAndBlamesTheFailingOperation()
    {
        var diagram = Failure().Diagram!;

        var messages = diagram.Messages();

        Assert.That(diagram.Lanes[0], Is.EqualTo("kvserver"));
        Assert.That(diagram.Lanes, Does.Contain("clerk0").And.Contain("clerk1"), "the client and the final reader");
        Assert.That(messages.Count(m => m.Kind == "request"), Is.EqualTo(diagram.Events.Count(e => e.Kind == DiagramEventKind.Sent)
            + diagram.Events.Count(e => e.Kind == DiagramEventKind.Arrived && e.Duplicate)), "every request, and every copy");
        Assert.That(messages.Any(m => m.Fate != "delivered") || diagram.Events.Any(e => e.Kind == DiagramEventKind.Crash),
            "the fault that broke it is drawn");
        Assert.That(diagram.Events.Any(e => e.Blamed && e.Kind == DiagramEventKind.Call), "the operation the verdict names is blamed");
    }

    [Test]
    public void TheBrowserStepsThroughTheRunWithTheKeys()
    {
        var diagram = Failure().Diagram!;
        int events = diagram.Events.Count;
        int firstBlamedAfterTwo = Enumerable.Range(3, events - 3).First(i => diagram.Events[i].Blamed);
        // Keys pressed after the page is drawn; each step's position is left on the body for the test to read.
        const string Keys = """
            <script>
            (function () {
              function press(key) { document.dispatchEvent(new KeyboardEvent('keydown', { key: key })); return document.body.getAttribute('data-step'); }
              var b = document.body;
              b.setAttribute('data-at-start', b.getAttribute('data-step'));
              b.setAttribute('data-after-home', press('Home'));
              press('ArrowRight'); b.setAttribute('data-after-two', press('j'));
              b.setAttribute('data-after-back', press('ArrowLeft'));
              press('ArrowRight');
              b.setAttribute('data-next-blamed', press('b'));
              b.setAttribute('data-faded', String(document.querySelectorAll('.row.future').length));
              b.setAttribute('data-after-end', press('End'));
            })();
            </script>
            """;
        var html = DiagramPage.ToHtml(diagram, "a failing run", ["at-most-once: token [0.0] appears twice"]).Replace("</body>", Keys + "</body>", StringComparison.Ordinal);

        var page = LoadInBrowser(html);

        string N(int n) => n.ToString(CultureInfo.InvariantCulture);
        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-ready"), Is.EqualTo("true"), page.Dom);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.BodyAttribute("data-events"), Is.EqualTo(N(events)));
        Assert.That(page.BodyAttribute("data-messages"), Is.EqualTo(N(diagram.Messages().Count)));
        Assert.That(page.BodyAttribute("data-blamed"), Is.EqualTo(N(diagram.Events.Count(e => e.Blamed))));
        Assert.That(page.BodyAttribute("data-at-start"), Is.EqualTo(N(events - 1)), "it opens on the whole run");
        Assert.That(page.BodyAttribute("data-after-home"), Is.EqualTo("0"));
        Assert.That(page.BodyAttribute("data-after-two"), Is.EqualTo("2"));
        Assert.That(page.BodyAttribute("data-after-back"), Is.EqualTo("1"));
        Assert.That(page.BodyAttribute("data-next-blamed"), Is.EqualTo(N(firstBlamedAfterTwo)));
        Assert.That(page.BodyAttribute("data-faded"), Is.EqualTo(N(events - 1 - firstBlamedAfterTwo)), "the events after the current one are faded");
        Assert.That(page.BodyAttribute("data-after-end"), Is.EqualTo(N(events - 1)));
        Assert.That(page.Dom, Does.Contain("token [0.0] appears twice"), "the verdict's findings are shown");
    }

    [Test]
    public void CheckWritesTheDiagramWithAFailure()
    {
        var folder = Directory.CreateTempSubdirectory("labrpc-diagram-").FullName;
        try
        {
            var settings = new CheckSettings
            {
                Sweep = new SweepOptions { Scenarios = 50, Seed = 1 },
                Implementation = typeof(NoDuplicateTableKv).FullName,
                Output = folder,
            };
            var output = new StringWriter();

            int code = CheckCommand.Run(settings, CliText.ConsoleFor(output));

            Assert.That(code, Is.EqualTo(CheckCommand.Violation), output.ToString());
            var diagram = Path.Combine(folder, "diagram.html");
            Assert.That(File.Exists(diagram), Is.True, "diagram.html is written with the other artifacts");
            Assert.That(File.ReadAllText(diagram), Does.Contain("id=\"diagram-data\"").And.Contain("kvserver"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HeadlessChromium.PageLoad LoadInBrowser(string html)
    {
        var path = Path.Combine(Path.GetTempPath(), $"diagram-{Guid.NewGuid():N}.html");
        File.WriteAllText(path, html);
        try
        {
            return HeadlessChromium.Load(path);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
