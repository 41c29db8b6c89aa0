using KvService.Histories;
using KvService.Model;
using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

public sealed class VisualizationTests
{
    private static readonly CheckOptions WithLinearizations = new() { ComputeLinearizations = true };

    /// <summary>A KV history with a part that is not linearizable, an unanswered operation and text that tries to break out of the page.</summary>
    private static Operation<KvInput, KvOutput>[] Tricky() =>
    [
        Operations.Completed(0, KvInput.Put("</script><script>alert(1)</script>", "<b>&amp;\"'"), 0, KvOutput.None, 10),
        Operations.Completed(1, KvInput.Get("</script><script>alert(1)</script>"), 12, new KvOutput("<b>&amp;\"'"), 20),
        Operations.Completed(0, KvInput.Append("x", "1"), 0, new KvOutput(""), 5),
        Operations.Completed(1, KvInput.Get("x"), 6, new KvOutput("2"), 8),
        Operations.Unknown<KvInput, KvOutput>(2, KvInput.Put("x", "2"), 9),
        Operations.Completed(2, KvInput.Get("y"), 1, new KvOutput(""), 2),
    ];

    [Test]
    public void ThePageIsSelfContainedAndEscapesItsData()
    {
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, Tricky(), WithLinearizations);
        var html = HistoryVisualizer.ToHtml(KvModel.Partitioned, result, "title </title><script>alert(2)</script>");
        Assert.That(html, Does.Not.Contain("<script>alert"));
        Assert.That(html, Does.Not.Contain("</script><script>"));
        Assert.That(html, Does.Not.Match("(src|href)=\"(https?:)?//"));
        Assert.That(html, Does.Not.Contain("@import"));
        Assert.That(html, Does.Contain("\"outcome\":\"Illegal\""));
    }

    [Test]
    public void TheBrowserDrawsOneBarPerOperationWithoutConsoleErrors()
    {
        var history = Tricky();
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, history, WithLinearizations);
        Assert.That(result.Outcome, Is.EqualTo(CheckOutcome.Illegal));
        var page = LoadInBrowser(HistoryVisualizer.ToHtml(KvModel.Partitioned, result));
        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-ready"), Is.EqualTo("true"), page.Dom);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.BodyAttribute("data-bars"), Is.EqualTo(history.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(page.Dom, Does.Contain("Part 2 of 3: key \"x\"").Or.Contain("Part 2 of 3: key &quot;x&quot;"), "a part is named by its key");
    }

    [Test]
    public void TimesAreShownAsTheCallerFormatsThem()
    {
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, Tricky(), WithLinearizations);
        var page = LoadInBrowser(HistoryVisualizer.ToHtml(KvModel.Partitioned, result, formatTime: t => $"t{t}ms"));
        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.Dom, Does.Contain(">t0ms<").And.Contain(">t12ms<"), "the axis shows the formatted times");
    }

    [Test]
    public void TheBrowserDrawsAReferenceHistory()
    {
        var history = JepsenLogReader.ReadFile(ReferenceHistories.PathOf("jepsen/etcd_000.log"));
        var result = LinearizabilityChecker.Check(CasRegisterModel.Model, history, WithLinearizations);
        var page = LoadInBrowser(HistoryVisualizer.ToHtml(CasRegisterModel.Model, result));
        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.BodyAttribute("data-bars"), Is.EqualTo(history.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(page.Dom, Does.Contain("class=\"bar rejected"), "the operation that cannot come next is marked");
    }

    [Test]
    public void TheBrowserDrawsAnEmptyHistory()
    {
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, Array.Empty<Operation<KvInput, KvOutput>>(), WithLinearizations);
        var page = LoadInBrowser(HistoryVisualizer.ToHtml(KvModel.Partitioned, result));
        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.BodyAttribute("data-bars"), Is.EqualTo("0"));
        Assert.That(page.Dom, Does.Contain("The history is empty."));
    }

[Test]
    public void TheBrowserShowsTheCallersFindingsAndTheOperationsThatCouldNotGoFirst()
    {
        Operation<KvInput, KvOutput>[] history =
        [
            Operations.Completed(0, KvInput.Get("k"), 0, new KvOutput("x"), 10),
            Operations.Completed(1, KvInput.Get("k"), 1, new KvOutput("y"), 11),
        ];
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, history, WithLinearizations);
        Assert.That(result.Partitions[0].RejectedNext, Is.EqualTo(new[] { 0, 1 }), "every operation could have gone first");

        var page = LoadInBrowser(HistoryVisualizer.ToHtml(KvModel.Partitioned, result,
            notes: ["at-most-once: token [0.3] appears 2 times in the final value of k0", "liveness: client 1's Get never returned"]));

        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.Dom, Does.Contain("Findings (2)").And.Contain("token [0.3] appears 2 times").And.Contain("client 1's Get never returned"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(page.Dom, "class=\"bar rejected").Count, Is.EqualTo(2), "both bars are red");
        Assert.That(page.Dom, Does.Contain("Not even the first operation can be linearized. Each of get(\"k\") → \"x\" (client 0)")
            .Or.Contain("Not even the first operation can be linearized. Each of get(&quot;k&quot;) → &quot;x&quot; (client 0)"));
    }

    [Test]
    public void TheBrowserShowsTheContradictionFoundFromTheValuesAndOutlinesItsOperations()
    {
        // A stale read: put p2 happened entirely between put p1 and the get that still read p1.
        Operation<KvInput, KvOutput>[] history =
        [
            Operations.Completed(1, KvInput.Put("k", "p1"), 0, KvOutput.None, 10),
            Operations.Completed(2, KvInput.Put("k", "p2"), 12, KvOutput.None, 15),
            Operations.Completed(3, KvInput.Get("k"), 20, new KvOutput("p1"), 25),
            Operations.Completed(1, KvInput.Get("k"), 30, new KvOutput("p2"), 35),
        ];
        var result = LinearizabilityChecker.Check(KvModel.Partitioned, history, WithLinearizations);
        Assert.That(result.Partitions[0].Method, Is.EqualTo(DecisionMethod.UniqueValues));

        var page = LoadInBrowser(HistoryVisualizer.ToHtml(KvModel.Partitioned, result));

        Assert.That(page.ConsoleLines, Is.Empty, page.Log);
        Assert.That(page.BodyAttribute("data-errors"), Is.EqualTo("0"), page.Dom);
        Assert.That(page.Dom, Does.Contain("Why it is not linearizable").And.Contain("Two groups of operations cannot be ordered"));
        Assert.That(System.Text.RegularExpressions.Regex.Matches(page.Dom, "class=\"bar [a-z ]*involved").Count, Is.EqualTo(4),
            "the operations the explanation names are outlined: the two puts and the two gets");
        Assert.That(page.Dom, Does.Contain("The longest linearizable prefix has 2 of 4 operations"), "the prefix is still shown");
    }

    [Test]
    public void TheBrowserTestNoticesAScriptError()
    {
        // The check above must be able to fail: a page whose script throws is caught.
        var page = LoadInBrowser("<!DOCTYPE html><html><body><script>undefinedFunction();</script></body></html>");
        Assert.That(page.ConsoleLines, Is.Not.Empty);
    }

    private static HeadlessChromium.PageLoad LoadInBrowser(string html)
    {
        var path = Path.Combine(Path.GetTempPath(), $"history-{Guid.NewGuid():N}.html");
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
