using System.Text.RegularExpressions;
using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Readme;

/// <summary>A fenced code block of a doc: its file (relative to the repository), the line of its opening fence, its
/// language and its text.</summary>
public sealed record DocBlock(string File, int Line, string Language, string Code)
{
    public override string ToString() => $"{File}:{Line}";
}

/// <summary>
/// The docs the tests read, and what they read in them: README.md (the front page), every page under docs/, the
/// templates' READMEs and the primary/backup service's README. Every rule of these tests holds for all of them, so that
/// text moved from one page to another stays tested.
/// </summary>
public static partial class Docs
{
    /// <summary>Every doc, as a path relative to the repository with '/' separators, in a fixed order.</summary>
    public static IReadOnlyList<string> Files { get; } = FindFiles();

    /// <summary>The text of a doc.</summary>
    public static string Read(string file) => System.IO.File.ReadAllText(Path.Combine(RepoPaths.Root, file)).Replace("\r\n", "\n", StringComparison.Ordinal);

    /// <summary>Every fenced code block of every doc.</summary>
    public static IEnumerable<DocBlock> Blocks() => Files.SelectMany(BlocksOf);

    /// <summary>The fenced code blocks of one doc (a fence may be indented, as in a list item; the indent is taken off).</summary>
    public static IEnumerable<DocBlock> BlocksOf(string file)
    {
        string[] lines = Read(file).Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            var open = Fence().Match(lines[i]);
            if (!open.Success) continue;
            string indent = open.Groups[1].Value, language = open.Groups[2].Value;
            var code = new List<string>();
            int start = i;
            for (i++; i < lines.Length && !(lines[i].StartsWith(indent + "```", StringComparison.Ordinal) && lines[i].Trim() == "```"); i++)
                code.Add(lines[i].StartsWith(indent, StringComparison.Ordinal) ? lines[i][indent.Length..] : lines[i]);
            yield return new DocBlock(file, start + 1, language, string.Join('\n', code) + "\n");
        }
    }

    /// <summary>A doc's text outside its code blocks (where links and prose are).</summary>
    public static string Prose(string file) => FencedBlock().Replace(Read(file), "");

    private static List<string> FindFiles()
    {
        string root = RepoPaths.Root;
        var files = new List<string> { "README.md", "KvService/PrimaryBackup/README.md" };
        foreach (string folder in new[] { "docs", "templates" })
            files.AddRange(Directory.GetFiles(Path.Combine(root, folder), "*.md", SearchOption.AllDirectories)
                .Where(f => folder == "docs" || Path.GetFileName(f) == "README.md")
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                    && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal));
        return files;
    }

    [GeneratedRegex(@"^(\s*)```([\w-]*)[^`]*$")]
    private static partial Regex Fence();

    [GeneratedRegex(@"^\s*```.*?^\s*```\s*$", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex FencedBlock();
}
