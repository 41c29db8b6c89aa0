using System.Text;
using System.Text.RegularExpressions;

namespace LabRpc.Tests.Readme;

/// <summary>
/// Every command line of the docs that runs the command line (<c>dotnet run -c Release --project KvService -- ...</c>;
/// <c>labrpc ...</c>, the tool, takes the same) parses: its subcommand and every option exist, and each value is of the option's kind. A
/// line with a placeholder (<c>&lt;file&gt;</c>, <c>[--impl ...]</c>, <c>${{ ... }}</c>) is a pattern, not a command.
/// </summary>
public sealed partial class DocsCommandTests
{
    public static IEnumerable<TestCaseData> Commands()
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (string file in Docs.Files)
        {
            string[] lines = Docs.Read(file).Split('\n');
            for (int i = 0; i < lines.Length; i++)
            {
                var command = Command().Match(lines[i]);
                if (!command.Success) continue;
                string args = command.Groups["args"].Value;
                // An inline command broken across two lines of prose goes on at the start of the next, up to its '`'.
                if (string.IsNullOrWhiteSpace(args) && i + 1 < lines.Length && !lines[i + 1].TrimStart().StartsWith("```", StringComparison.Ordinal))
                    args = lines[i + 1].Split('`')[0];
                args = WithoutComment(args).Trim().TrimEnd('`', ')', ',', '.', ';').Trim();
                if (args.Contains('<', StringComparison.Ordinal) || args.Contains('[', StringComparison.Ordinal) || args.Contains("${{", StringComparison.Ordinal)) continue;
                if (seen.Add(args)) yield return new TestCaseData(file, i + 1, args).SetArgDisplayNames($"{file}:{i + 1}: {args}");
            }
        }
    }

    [Test]
    public void TheDocsHaveCommandsToCheck() => Assert.That(Commands().Count(), Is.GreaterThan(30));

    [TestCaseSource(nameof(Commands))]
    public void EveryCommandOfTheDocsParses(string file, int line, string args)
    {
        var parse = KvService.Program.Root().Parse(Split(args));
        Assert.That(parse.Errors.Select(e => e.Message), Is.Empty, $"{file}:{line}: {args}");
        Assert.That(parse.CommandResult.Command.Name, Is.Not.EqualTo(KvService.Program.Root().Name), $"{file}:{line}: names a subcommand");
    }

    /// <summary>The line without a shell comment (a '#' after white space, outside quotes).</summary>
    private static string WithoutComment(string line)
    {
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            if (line[i] == '"') quoted = !quoted;
            if (!quoted && line[i] == '#' && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    /// <summary>Words as the shell splits them (double quotes only: the docs use no other).</summary>
    private static string[] Split(string args)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        bool quoted = false, any = false;
        foreach (char c in args)
        {
            if (c == '"') { quoted = !quoted; any = true; }
            else if (char.IsWhiteSpace(c) && !quoted) { if (any) words.Add(word.ToString()); word.Clear(); any = false; }
            else { word.Append(c); any = true; }
        }
        if (any) words.Add(word.ToString());
        return [.. words];
    }

    [GeneratedRegex(@"dotnet run -c Release --project KvService --(?<args>[^`\n]*)")]
    private static partial Regex Command();
}
