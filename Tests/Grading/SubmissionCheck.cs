using KvService.Grading;
using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Grading;

/// <summary>Checks C# code as the grader checks a submission (<see cref="SubmissionCompiler"/>): the compiler's errors,
/// then the rules' refusals, as <c>File.cs(line,col): error CODE: message</c>.</summary>
internal static class SubmissionCheck
{
    /// <summary>The harness the tests compile against: the assemblies next to the tests.</summary>
    public static string Harness => AppContext.BaseDirectory;

    /// <summary>The errors of one file, <c>Snippet.cs</c>.</summary>
    public static IReadOnlyList<string> Snippet(string source) => SubmissionCompiler.Check([("Snippet.cs", source)], Harness);

    /// <summary>The errors of every .cs file under <paramref name="folders"/>, compiled together (paths relative to the
    /// repository).</summary>
    public static IReadOnlyList<string> Folders(params string[] folders) =>
        SubmissionCompiler.Check(
            [.. folders.SelectMany(folder => Directory.GetFiles(Path.Combine(RepoPaths.Root, folder), "*.cs", SearchOption.AllDirectories)
                .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal)
                .Select(f => (Path.GetRelativePath(RepoPaths.Root, f).Replace('\\', '/'), File.ReadAllText(f))))],
            Harness);

    /// <summary>The line (1-based) of <paramref name="source"/> that holds <paramref name="marker"/>.</summary>
    public static int LineOf(string source, string marker = "// <-")
    {
        var lines = source.Split('\n');
        int index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        if (index < 0) throw new ArgumentException($"no line holds '{marker}'", nameof(source));
        return index + 1;
    }
}
