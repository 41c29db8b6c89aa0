using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace KvService.Grading;

/// <summary>
/// The files a grade is told in: per submission <c>result.json</c> (everything, for the instructor), <c>feedback.md</c>
/// (for the student: what failed in words, the shrunk counterexample with its picture, the command that replays it; no
/// hidden seed is listed) and <c>junit.xml</c>; per class <c>grades.csv</c> and <c>grades.json</c>; and Gradescope's
/// <c>results.json</c>.
/// </summary>
public static class GradeReports
{
    /// <summary>The class's scores, one row per student and a column per group.</summary>
    public const string ClassCsv = "grades.csv";

    /// <summary>The class's scores as JSON.</summary>
    public const string ClassJson = "grades.json";

    /// <summary>The folder, under a class's results, of the instructor's records: every result whole, hidden seeds and
    /// their trace hashes included. Nothing in it is for a student.</summary>
    public const string InstructorFolder = ".instructor";

    /// <summary>The instructor's record of <paramref name="student"/>'s result in the class results <paramref name="output"/>.</summary>
    public static string RecordPath(string output, string student) => Path.Combine(output, InstructorFolder, Submission.KeyOf(student) + ".json");

    /// <summary>
    /// Writes a student's files into their results folder <paramref name="folder"/> (<c>feedback.md</c>, <c>junit.xml</c>,
    /// and <c>result.json</c> without the seeds and trace hashes of hidden tests: a seed could be found again by running
    /// candidates until a trace hash matches), and the whole result as the instructor's record under <paramref name="output"/>.
    /// </summary>
    public static void WriteSubmission(SubmissionResult result, string folder, string output)
    {
        ArgumentNullException.ThrowIfNull(result);
        Directory.CreateDirectory(folder);
        ForStudent(result).Write(Path.Combine(folder, SubmissionResult.FileName));
        File.WriteAllText(Path.Combine(folder, "feedback.md"), Feedback(result, folder));
        JUnit(result).Save(Path.Combine(folder, "junit.xml"));
        Directory.CreateDirectory(Path.Combine(output, InstructorFolder));
        result.Write(RecordPath(output, result.Student));
    }

    /// <summary>What a student may see of their result: hidden tests without their seed and trace hashes.</summary>
    public static SubmissionResult ForStudent(SubmissionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return result with { Tests = [.. result.Tests.Select(t => t.Hidden ? t with { Seed = 0, TraceHashes = [] } : t)] };
    }

    /// <summary>Writes the class's <c>grades.csv</c> and <c>grades.json</c> into <paramref name="folder"/>.</summary>
    public static void WriteClass(IReadOnlyList<SubmissionResult> results, string folder)
    {
        ArgumentNullException.ThrowIfNull(results);
        var ordered = results.OrderBy(r => r.Student, StringComparer.Ordinal).ToList();
        var groups = ordered.SelectMany(r => r.Groups.Select(g => g.Name)).Distinct().ToList();
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(',', new[] { "student", "score", "max", "status", "nondeterministic", "incomplete" }.Concat(groups).Append("submission_hash").Append("rubric_hash").Append("harness").Select(Csv)));
        foreach (var r in ordered)
        {
            var cells = new List<string> { r.Student, Number(r.Score), Number(r.MaxScore), r.Status, r.Nondeterministic ? "yes" : "no", r.Incomplete ? "yes" : "no" };
            cells.AddRange(groups.Select(g => r.Groups.FirstOrDefault(x => x.Name == g) is { } x ? Number(x.Points) : ""));
            cells.AddRange([r.SubmissionHash, r.RubricHash, r.Harness]);
            csv.AppendLine(string.Join(',', cells.Select(Csv)));
        }
        File.WriteAllText(Path.Combine(folder, ClassCsv), csv.ToString());
        var json = ordered.Select(r => new
        {
            r.Student,
            r.Score,
            r.MaxScore,
            r.Status,
            r.Nondeterministic,
            r.Incomplete,
            Groups = r.Groups.ToDictionary(g => g.Name, g => g.Points),
            r.SubmissionHash,
            r.RubricHash,
            r.Harness,
        });
        File.WriteAllText(Path.Combine(folder, ClassJson), JsonSerializer.Serialize(json, Rubric.Json) + "\n");
    }

    /// <summary>Every result of a class's results folder (the instructor's records), in name order.</summary>
    public static IReadOnlyList<SubmissionResult> ReadClass(string folder)
    {
        string records = Path.Combine(folder, InstructorFolder);
        return !Directory.Exists(records) ? [] :
            [.. Directory.GetFiles(records, "*.json").Select(SubmissionResult.Read).OrderBy(r => r.Student, StringComparer.Ordinal)];
    }

    /// <summary>Gradescope's <c>results.json</c> for one submission: the score, and per test its name, score, max_score and output.</summary>
    public static string Gradescope(SubmissionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var tests = result.Tests.Select(t => new Dictionary<string, object>
        {
            ["name"] = $"{t.Group}: {t.Name}",
            ["score"] = Math.Round(t.Points, 4),
            ["max_score"] = Math.Round(t.MaxPoints, 4),
            ["status"] = t.Outcome == TestOutcome.Passed ? "passed" : "failed",
            ["output"] = StudentText(t),
        }).ToList();
        var root = new Dictionary<string, object>
        {
            ["score"] = result.Score,
            ["output"] = Summary(result),
            ["tests"] = tests,
        };
        return JsonSerializer.Serialize(root, new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>One line: score, status and the marks that qualify it.</summary>
    public static string Summary(SubmissionResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder($"{Number(result.Score)} / {Number(result.MaxScore)} points");
        if (result.Status != "graded") text.Append($" ({result.Status})");
        if (result.Nondeterministic) text.Append("; NONDETERMINISTIC: a run did not repeat the same");
        if (result.Incomplete) text.Append("; some results are unknown (not counted as passes)");
        return text.ToString();
    }

    private static string Feedback(SubmissionResult result, string folder)
    {
        var md = new StringBuilder();
        md.AppendLine($"# {result.Student}: {Summary(result)}");
        md.AppendLine();
        md.AppendLine("| group | points | tests passed |");
        md.AppendLine("|---|---|---|");
        foreach (var g in result.Groups) md.AppendLine($"| {g.Name} | {Number(g.Points)} / {Number(g.MaxPoints)} | {g.Passed} / {g.Tests} |");
        md.AppendLine();
        if (result.BuildErrors.Count > 0)
        {
            md.AppendLine("## It did not build");
            md.AppendLine();
            md.AppendLine("The first errors:");
            md.AppendLine();
            md.AppendLine("```");
            foreach (var e in result.BuildErrors) md.AppendLine(e);
            md.AppendLine("```");
            md.AppendLine();
            md.AppendLine("Build your project with `dotnet build` and fix these first: a submission that does not build gets no points.");
            return md.ToString();
        }
        if (result.Nondeterministic)
        {
            md.AppendLine("## Not deterministic");
            md.AppendLine();
            md.AppendLine("Run twice with the same seed, your code did not run the same way, so no grade can be reproduced. Look for threads " +
                "(`Task.Run`), real timers, `Random` without the simulation's seed, `Guid.NewGuid`, or static state kept from one run to the next.");
            md.AppendLine();
        }
        var failed = result.Tests.Where(t => t.Outcome != TestOutcome.Passed).ToList();
        if (failed.Count == 0)
        {
            md.AppendLine("Every test passed.");
            return md.ToString();
        }
        md.AppendLine("## What failed");
        foreach (var t in failed)
        {
            md.AppendLine();
            md.AppendLine($"### {t.Group}: {t.Name} ({Outcome(t.Outcome)})");
            md.AppendLine();
            md.AppendLine(StudentText(t));
            if (t.Artifacts is { } artifacts)
            {
                string relative = Path.GetRelativePath(folder, artifacts).Replace('\\', '/');
                md.AppendLine();
                var files = new (string File, string What)[]
                {
                    ("scenario.json", "the scenario"), ("replay.json", "the schedule's choices"), ("history.html", "the picture of the history"),
                    ("diagram.html", "the message diagram (step through it with the arrow keys)"), ("run.log", "the run's log"), ("verdict.txt", "the verdict"),
                }.Where(f => File.Exists(Path.Combine(artifacts, f.File))).Select(f => $"[{f.What}]({relative}/{f.File})");
                md.AppendLine($"The counterexample, shrunk: {string.Join(", ", files)}.");
            }
            if (t.Replay is { } replay)
            {
                md.AppendLine();
                md.AppendLine("Replay it at home (from your clone of LabRpc" + (t.Artifacts is null ? "" : ", with the scenario file saved there") + "):");
                md.AppendLine();
                md.AppendLine("```");
                md.AppendLine(t.Artifacts is { } a ? replay.Replace(a, Path.GetRelativePath(folder, a).Replace('\\', '/'), StringComparison.Ordinal) : replay);
                md.AppendLine("```");
            }
        }
        return md.ToString();
    }

    /// <summary>What a student is told of a test: its reason and its output, with no hidden seed named unless the test failed
    /// (then the replay needs it).</summary>
    private static string StudentText(TestResult t)
    {
        var text = new StringBuilder(t.Outcome == TestOutcome.Passed ? "passed" : $"{Outcome(t.Outcome)}: {t.Reason}");
        if (t.Output.Length > 0 && t.Outcome != TestOutcome.Passed) text.Append("\n\nYour code's output (capped):\n" + t.Output.TrimEnd());
        return text.ToString();
    }

    private static string Outcome(TestOutcome outcome) => outcome switch
    {
        TestOutcome.Passed => "passed",
        TestOutcome.Failed => "failed",
        TestOutcome.Unknown => "unknown: the checker could not decide, not a pass",
        TestOutcome.Crashed => "crashed",
        TestOutcome.TimedOut => "timed out",
        _ => "not run",
    };

    private static XDocument JUnit(SubmissionResult result)
    {
        var suites = new XElement("testsuites", new XAttribute("name", result.Student), new XAttribute("tests", result.Tests.Count),
            new XAttribute("failures", result.Tests.Count(t => t.Outcome != TestOutcome.Passed)));
        foreach (var group in result.Tests.GroupBy(t => t.Group))
        {
            var suite = new XElement("testsuite", new XAttribute("name", group.Key), new XAttribute("tests", group.Count()),
                new XAttribute("failures", group.Count(t => t.Outcome is TestOutcome.Failed or TestOutcome.Unknown or TestOutcome.TimedOut)),
                new XAttribute("errors", group.Count(t => t.Outcome is TestOutcome.Crashed)),
                new XAttribute("skipped", group.Count(t => t.Outcome is TestOutcome.NotRun)),
                new XAttribute("time", Number(group.Sum(t => t.Seconds))));
            foreach (var t in group)
            {
                var testcase = new XElement("testcase", new XAttribute("classname", $"{result.Student}.{t.Group}"), new XAttribute("name", t.Name),
                    new XAttribute("time", Number(t.Seconds)));
                string message = Sanitize(t.Reason);
                testcase.Add(t.Outcome switch
                {
                    TestOutcome.Passed => null,
                    TestOutcome.NotRun => new XElement("skipped", new XAttribute("message", message)),
                    TestOutcome.Crashed => new XElement("error", new XAttribute("message", message), Sanitize(t.Output)),
                    _ => new XElement("failure", new XAttribute("message", message), new XAttribute("type", t.Outcome.ToString()), Sanitize(StudentText(t) + (t.Replay is null ? "" : "\nReplay: " + t.Replay))),
                });
                suite.Add(testcase);
            }
            suites.Add(suite);
        }
        return new XDocument(suites);
    }

    private static string Sanitize(string text) => string.Concat(text.Where(XmlConvertible));

    private static bool XmlConvertible(char c) => c is '\t' or '\n' or '\r' || (c >= ' ' && !char.IsSurrogate(c) && c != '\uFFFE' && c != '\uFFFF');

    private static string Csv(string cell) => cell.IndexOfAny([',', '"', '\n']) >= 0 ? $"\"{cell.Replace("\"", "\"\"", StringComparison.Ordinal)}\"" : cell;

    internal static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}
