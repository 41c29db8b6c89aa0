using System.Security.Cryptography;
using System.Text;

namespace KvService.Grading;

/// <summary>
/// One student's submission: a subfolder of the submissions folder holding a project (one <c>.csproj</c>, or just
/// <c>.cs</c> files) or a built assembly (<c>.dll</c> files and no source). <see cref="ContentHash"/> is the SHA-256 of its
/// files (paths and bytes, <c>bin</c> and <c>obj</c> left out), so a result names exactly what it graded.
/// <see cref="Name"/> is the folder's name as it is, for the reports; <see cref="Key"/> is the grader's own name for it
/// on disk, so that no folder name — spaces, quotes, <c>..</c>, <c>build</c>, <c>.work</c>, two names that differ only
/// in case — is ever used as a path.
/// </summary>
public sealed record Submission(string Name, string Folder, string? Project, IReadOnlyList<string> Assemblies, string ContentHash)
{
    /// <summary>The folder's files that are links; they are never followed (a link could name another student's files).</summary>
    public IReadOnlyList<string> Links { get; init; } = [];

    /// <summary>The grader's name for this student on disk (results and scratch folders): see <see cref="KeyOf"/>.</summary>
    public string Key => KeyOf(Name);

    /// <summary>The submission has source to compile (a project or <c>.cs</c> files), rather than a built assembly.</summary>
    public bool HasSource => Project is not null || Sources.Count > 0;

    /// <summary>The <c>.cs</c> files the grader compiles, relative to <see cref="Folder"/>.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>The submissions in <paramref name="folder"/>: each subfolder, by name (hidden ones too, but for a
    /// repository's <c>.git</c>); or the folder itself when it holds a project, sources or assemblies (a class of one, as a
    /// student grades their own).</summary>
    public static IReadOnlyList<Submission> Find(string folder)
    {
        folder = Path.GetFullPath(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"The submissions folder '{folder}' does not exist.");
        var single = Of(folder);
        if (single.Project is not null || single.Assemblies.Count > 0 || single.Sources.Any(s => !s.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            return [single];
        return [.. new DirectoryInfo(folder).EnumerateDirectories()
            .Where(d => d.LinkTarget is null && d.Name != ".git")
            .Select(d => d.FullName).Order(StringComparer.Ordinal).Select(Of)];
    }

    /// <summary>The submission in <paramref name="folder"/>.</summary>
    public static Submission Of(string folder)
    {
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(folder));
        var (files, links) = Walk(folder);
        string? project = files.Where(f => f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase) && !f.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal).FirstOrDefault();
        var sources = files.Where(f => f.EndsWith(".cs", StringComparison.OrdinalIgnoreCase) && !InNestedProject(f, files)).ToList();
        var assemblies = project is null && sources.Count == 0
            ? files.Where(f => f.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && !f.Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)).Order(StringComparer.Ordinal).ToList()
            : [];
        return new Submission(name, Path.GetFullPath(folder), project is null ? null : Path.Combine(folder, project), assemblies, Hash(folder, files))
        {
            Links = links,
            Sources = sources,
        };
    }

    /// <summary>The submission's files, relative to its folder, without <c>bin</c>, <c>obj</c>, hidden folders and links.</summary>
    public static IEnumerable<string> Files(string folder) => Walk(folder).Files;

    /// <summary>
    /// The grader's name on disk for the student <paramref name="name"/>: the name itself when it is plain (lower-case
    /// letters, digits, '-' and '_', at most 64, starting with a letter or digit), else a plain form of it and a hash of the
    /// exact name (<c>Alice</c> → <c>alice-3b1d…</c>, <c>.work</c> → <c>work-…</c>), so that two names never share a
    /// folder, even on a file system that ignores case.
    /// </summary>
    public static string KeyOf(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (IsPlain(name)) return name;
        var plain = new StringBuilder();
        foreach (char c in name.ToLowerInvariant())
        {
            if (plain.Length >= 40) break;
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c)) plain.Append(c);
            else if (plain.Length > 0 && plain[^1] != '-') plain.Append('-');
        }
        string stem = plain.ToString().Trim('-');
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..10];
        return (stem.Length == 0 ? "student" : stem) + "-" + hash;
    }

    private static bool IsPlain(string name) =>
        name.Length is > 0 and <= 64 && char.IsAsciiLetterOrDigit(name[0]) && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '_');

    /// <summary>A source file inside a subfolder that holds a project of its own (a test project beside the submission) is
    /// not the submission's.</summary>
    private static bool InNestedProject(string file, IReadOnlyList<string> files)
    {
        string? dir = Path.GetDirectoryName(file);
        while (!string.IsNullOrEmpty(dir))
        {
            string prefix = dir + Path.DirectorySeparatorChar;
            if (files.Any(f => f.StartsWith(prefix, StringComparison.Ordinal) && !f[prefix.Length..].Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal)
                && f.EndsWith(".csproj", StringComparison.OrdinalIgnoreCase))) return true;
            dir = Path.GetDirectoryName(dir);
        }
        return false;
    }

    /// <summary>Every regular file under <paramref name="folder"/> (relative, in ordinal order), skipping <c>bin</c>, <c>obj</c>
    /// and hidden folders; links (to files or folders) are listed apart and never followed.</summary>
    private static (IReadOnlyList<string> Files, IReadOnlyList<string> Links) Walk(string folder)
    {
        var files = new List<string>();
        var links = new List<string>();
        var pending = new Stack<DirectoryInfo>();
        pending.Push(new DirectoryInfo(folder));
        while (pending.TryPop(out var dir))
        {
            foreach (var entry in dir.EnumerateFileSystemInfos())
            {
                string relative = Path.GetRelativePath(folder, entry.FullName);
                if (entry.LinkTarget is not null)
                {
                    links.Add(relative);
                }
                else if (entry is DirectoryInfo sub)
                {
                    if (sub.Name is not ("bin" or "obj") && !sub.Name.StartsWith('.')) pending.Push(sub);
                }
                else if (entry is FileInfo)
                {
                    files.Add(relative);
                }
            }
        }
        files.Sort(StringComparer.Ordinal);
        links.Sort(StringComparer.Ordinal);
        return (files, links);
    }

    /// <summary>The largest file of a submission the grader reads.</summary>
    public const long MaxFileBytes = 16L << 20;

    /// <summary>
    /// A submission's file, read without trusting it: a file whose size is 0 is not opened at all (a named pipe, a device
    /// or a socket reports 0 and could block or never end), and one larger than <see cref="MaxFileBytes"/> is refused.
    /// </summary>
    public static byte[] ReadFile(string path)
    {
        long length = new FileInfo(path).Length;
        if (length == 0) return [];
        if (length > MaxFileBytes) throw new IOException($"'{Path.GetFileName(path)}' is {length:N0} bytes; a submission's files may be at most {MaxFileBytes:N0}.");
        return File.ReadAllBytes(path);
    }

    private static string Hash(string folder, IEnumerable<string> files)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (string file in files)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(file.Replace('\\', '/') + "\n"));
            sha.AppendData(ReadFile(Path.Combine(folder, file)));
            sha.AppendData("\n"u8);
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }
}
