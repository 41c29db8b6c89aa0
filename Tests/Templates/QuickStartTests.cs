using System.Text.RegularExpressions;
using KvService.Grading;
using LabRpc.Tests.Grading;
using LabRpc.Tests.Linearizability;
using LabRpc.Tests.Readme;

namespace LabRpc.Tests.Templates;

/// <summary>
/// The front page's quick starts, as a reader runs them. The engineer's: a console project outside the repository, the
/// reference to LabRpc, the front page's <c>Program.cs</c>, <c>dotnet run</c>. The instructor's: the front page's grade
/// command on a class of two (a correct submission and one that forgets on a crash). The student's is
/// <see cref="StudentTemplateTests"/> (the template, its build, its grade).
/// </summary>
[Category("Templates")]
public sealed partial class QuickStartTests
{
    [Test]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheEngineersQuickStartMakesARunningSimulation()
    {
        var section = Section("## Quick start: an engineer");
        string commands = section.Single(b => b.Language == "sh").Code, program = section.Single(b => b.Language == "csharp").Code;
        string root = GradingPaths.Scratch("quick-start-engineer");
        File.WriteAllText(Path.Combine(root, "Program.cs.txt"), program);
        // The commands as written, with the clone where the front page has it, and the program put in before it runs.
        string script = Regex.Replace(commands.Replace("~/LabRpc", $"'{RepoPaths.Root}'", StringComparison.Ordinal),
            @"^dotnet run", $"cp '{root}/Program.cs.txt' Program.cs\ndotnet run", RegexOptions.Multiline);
        Assert.That(script, Does.Contain("dotnet add reference").And.Contain("cp '"), "the front page's commands have the steps this test expects");
        string output = StudentTemplateTests.Run(root, [], "/bin/bash", "-euo", "pipefail", "-c", script);
        Assert.That(output, Does.Match(@"hi! after 00:00:30\.\d+ virtual, trace [0-9a-f]{16}"));
    }

    [Test]
    public void TheInstructorsQuickStartGradesAClass()
    {
        string command = Section("## Quick start: an instructor").Single(b => b.Language == "sh").Code.Split('\n')[0];
        string[] words = command.Split('#')[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(words[..6], Is.EqualTo(new[] { "dotnet", "run", "-c", "Release", "--project", "KvService" }));
        Assert.That(words[6..], Is.EqualTo(new[] { "--", "grade", "submissions/", "--out", "grades/" }), "the command this test runs");

        string root = GradingPaths.Scratch("quick-start-instructor");
        string submissions = Path.Combine(root, "submissions"), grades = Path.Combine(root, "grades");
        GradingPaths.Copy(Path.Combine(GradingPaths.Corpus, "correct"), Path.Combine(submissions, "ada"));
        GradingPaths.Copy(Path.Combine(GradingPaths.Corpus, "forgets-on-crash"), Path.Combine(submissions, "bob"));
        string[] args = [.. words[7..].Select(w => w switch { "submissions/" => submissions, "grades/" => grades, _ => w })];
        // The front page's set-up installs bubblewrap; without it the grader refuses, unless told --no-sandbox.
        if (!Sandbox.Detect().Isolated) args = [.. args, "--no-sandbox"];

        var output = new StringWriter();
        int code = KvService.Program.Run(args, output, output);

        Assert.That(code, Is.Zero, output.ToString());
        string[] rows = File.ReadAllLines(Path.Combine(grades, GradeReports.ClassCsv));
        Assert.That(rows, Has.Length.EqualTo(3), "a header and a row per student");
        var scores = rows[1..].Select(r => r.Split(',')).ToDictionary(r => r[0], r => (Score: double.Parse(r[1], System.Globalization.CultureInfo.InvariantCulture), Max: double.Parse(r[2], System.Globalization.CultureInfo.InvariantCulture)));
        Assert.That(scores["ada"].Score, Is.EqualTo(scores["ada"].Max), output.ToString());
        Assert.That(scores["bob"].Score, Is.LessThan(scores["bob"].Max));
        foreach (string student in new[] { "ada", "bob" })
            Assert.That(File.Exists(Path.Combine(grades, student, "feedback.md")), $"{student} has a folder to hand back");
    }

    private static List<DocBlock> Section(string heading)
    {
        string[] lines = Docs.Read("README.md").Split('\n');
        int start = Array.IndexOf(lines, heading) + 1;
        Assert.That(start, Is.Positive, $"README.md has '{heading}'");
        int end = Array.FindIndex(lines, start, l => l.StartsWith("## ", StringComparison.Ordinal));
        return [.. Docs.BlocksOf("README.md").Where(b => b.Line > start && (end < 0 || b.Line <= end))];
    }
}
