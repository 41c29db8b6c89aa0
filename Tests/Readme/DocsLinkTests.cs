using System.Text.RegularExpressions;
using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Readme;

/// <summary>Every link between the docs lands: the file exists, and the heading it names is there (GitHub's anchors).</summary>
public sealed partial class DocsLinkTests
{
    [Test]
    public void EveryRelativeLinkOfTheDocsReachesAFileAndItsHeading()
    {
        var broken = new List<string>();
        int links = 0;
        foreach (string file in Docs.Files)
        {
            foreach (Match link in Link().Matches(Docs.Prose(file)))
            {
                string target = link.Groups[1].Value;
                if (target.StartsWith("http", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal)) continue;
                links++;
                int hash = target.IndexOf('#', StringComparison.Ordinal);
                string path = hash < 0 ? target : target[..hash], anchor = hash < 0 ? "" : target[(hash + 1)..];
                string full = path.Length == 0 ? Path.Combine(RepoPaths.Root, file) : Path.GetFullPath(Path.Combine(RepoPaths.Root, Path.GetDirectoryName(file)!, path));
                if (!File.Exists(full) && !Directory.Exists(full)) broken.Add($"{file}: {target} (no such file)");
                else if (anchor.Length > 0 && full.EndsWith(".md", StringComparison.Ordinal) && !Anchors(File.ReadAllText(full)).Contains(anchor))
                    broken.Add($"{file}: {target} (no heading with that anchor)");
            }
        }
        Assert.That(links, Is.GreaterThan(30), "the docs link to each other");
        Assert.That(broken, Is.Empty);
    }

    [Test]
    public void EveryScriptAndProjectTheDocsNameExists()
    {
        var missing = new List<string>();
        foreach (string file in Docs.Files)
        {
            string text = Docs.Read(file);
            foreach (Match script in Script().Matches(text))
                if (!File.Exists(Path.Combine(RepoPaths.Root, script.Value))) missing.Add($"{file}: {script.Value}");
            foreach (Match project in Project().Matches(text))
                if (!Directory.Exists(Path.Combine(RepoPaths.Root, project.Groups[1].Value))) missing.Add($"{file}: --project {project.Groups[1].Value}");
        }
        Assert.That(missing, Is.Empty);
    }

    [Test]
    public void TheFrontPageIsShortAndSendsEachReaderOn()
    {
        string readme = Docs.Read("README.md");
        Assert.That(readme.Split('\n'), Has.Length.LessThan(200), "README is a front page; the rest is under docs/");
        foreach (string heading in new[] { "## Quick start: a student", "## Quick start: an instructor", "## Quick start: an engineer", "## The folders" })
            Assert.That(readme, Does.Contain("\n" + heading + "\n"));
    }

    /// <summary>The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as '-', and '-1',
    /// '-2' ... after a heading seen before.</summary>
    internal static HashSet<string> Anchors(string markdown)
    {
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        bool fenced = false;
        foreach (string line in markdown.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal)) fenced = !fenced;
            var heading = fenced ? Match.Empty : Heading().Match(line);
            if (!heading.Success) continue;
            string slug = NotInSlug().Replace(heading.Groups[1].Value.Trim().ToLowerInvariant(), "").Replace(' ', '-');
            int count = seen.GetValueOrDefault(slug);
            seen[slug] = count + 1;
            anchors.Add(count == 0 ? slug : $"{slug}-{count}");
        }
        return anchors;
    }

    [GeneratedRegex(@"\]\(([^)\s]+)\)")]
    private static partial Regex Link();

    [GeneratedRegex(@"^#{1,6} (.*)$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"[^\p{L}\p{Nd}\-_ ]")]
    private static partial Regex NotInSlug();

    [GeneratedRegex(@"(?<![\w/.-])scripts/[\w-]+\.sh")]
    private static partial Regex Script();

    [GeneratedRegex(@"--project ([\w./]+)")]
    private static partial Regex Project();
}
