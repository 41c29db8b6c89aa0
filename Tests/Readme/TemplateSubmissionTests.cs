using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Readme;

/// <summary>The KV lab page's template submission (docs/students/kv.md) is the project of the corpus's correct submission,
/// which the grading tests build from a copy and grade with full marks (<c>Tests/Grading/CorpusGradingTests</c>): the
/// template cannot rot.</summary>
public sealed class TemplateSubmissionTests
{
    [Test]
    public void TheKvLabsTemplateProjectIsTheCorrectSubmissionsProject()
    {
        var template = Docs.Blocks().Where(b => b.Language == "xml" && b.File == "docs/students/kv.md").Select(b => b.Code)
            .Single(b => b.Contains("KvService.Contract.csproj", StringComparison.Ordinal));
        string project = File.ReadAllText(Path.Combine(RepoPaths.Root, "Tests", "Grading", "Corpus", "correct", "correct.csproj"));
        Assert.That(Normalize(template), Is.EqualTo(Normalize(project)));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
}
