using System.Text.RegularExpressions;
using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Readme;

/// <summary>The README's template submission is the project of the corpus's correct submission, which the grading tests
/// build from a copy and grade with full marks (<c>Tests/Grading/CorpusGradingTests</c>): the template cannot rot.</summary>
public sealed partial class TemplateSubmissionTests
{
    [Test]
    public void TheReadmesTemplateProjectIsTheCorrectSubmissionsProject()
    {
        string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md"));
        var template = XmlBlock().Matches(readme).Select(m => m.Groups[1].Value).Single(b => b.Contains("KvService.Contract.csproj", StringComparison.Ordinal));
        string project = File.ReadAllText(Path.Combine(RepoPaths.Root, "Tests", "Grading", "Corpus", "correct", "correct.csproj"));
        Assert.That(Normalize(template), Is.EqualTo(Normalize(project)));
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();

    [GeneratedRegex(@"```xml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex XmlBlock();
}
