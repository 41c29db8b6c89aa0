using System.Security.Cryptography;
using System.Text;

namespace KvService.Grading;

/// <summary>
/// One student's submission: a subfolder of the submissions folder holding a project to build (one <c>.csproj</c>) or a
/// built assembly (<c>.dll</c> files and no project). <see cref="ContentHash"/> is the SHA-256 of its files (paths and
/// bytes, <c>bin</c> and <c>obj</c> left out), so a result names exactly what it graded.
/// </summary>
public sealed record Submission(string Name, string Folder, string? Project, IReadOnlyList<string> Assemblies, string ContentHash)
{
    /// <summary>The submissions in <paramref name="folder"/>: each subfolder, by name; or the folder itself when it holds a project or
    /// assemblies (a class of one, as a student grades their own).</summary>
    public static IReadOnlyList<Submission> Find(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The submissions folder '{folder}' does not exist.");
        if (Of(folder) is { } single && (single.Project is not null || single.Assemblies.Count > 0)) return [single];
        return [.. Directory.GetDirectories(folder).Order(StringComparer.Ordinal).Select(Of).OfType<Submission>()];
    }

    /// <summary>The submission in <paramref name="folder"/>, or null for a hidden folder (a name starting with '.').</summary>
    public static Submission? Of(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        if (name.StartsWith('.')) return null;
        var files = Files(folder).ToList();
        string? project = files.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && !f.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).FirstOrDefault();
        var assemblies = project is null
            ? files.Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !f.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];
        return new Submission(name, Path.GetFullPath(folder), project is null ? null : Path.Combine(folder, project), assemblies, Hash(folder, files));
    }

    /// <summary>The submission's files, relative to its folder, without <c>bin</c>, <c>obj</c> and hidden folders.</summary>
    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(folder, f))
            .Where(f => !f.Split(Path.DirectorySeparatorChar).SkipLast(1).Any(d => d is "bin" or "obj" || d.StartsWith('.')))
            .Order(StringComparer.Ordinal);

    private static string Hash(string folder, IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file.Replace('\\', '/') + "\n"));
            sha.AppendData(File.ReadAllBytes(Path.Combine(folder, file)));
            sha.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
