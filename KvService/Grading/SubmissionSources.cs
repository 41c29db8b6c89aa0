namespace KvService.Grading;

/// <summary>
/// The C# files a submission's compilation is made of: every <c>.cs</c> file under its folder, but for <c>bin</c>,
/// <c>obj</c>, hidden folders, and subfolders that hold a project of their own (a test project beside the submission:
/// its files are not the submission's, and would not compile without its references). Links are not followed (a link
/// could name any file the grader can read, whose text would come back in the compiler's errors); they are errors, so the
/// student knows. The whole is capped in files and bytes.
/// </summary>
internal static class SubmissionSources
{
    /// <summary>At most this many files.</summary>
    public const int MaxFiles = 2_000;

    /// <summary>At most this many bytes of source in all.</summary>
    public const long MaxBytes = 16L << 20;

    /// <summary>The files of the submission in <paramref name="folder"/>, in ordinal order of their relative paths, or
    /// the reasons there are none to compile.</summary>
    public static (IReadOnlyList<SourceFile> Files, IReadOnlyList<string> Errors) Find(string folder)
    {
        var files = new List<SourceFile>();
        var errors = new List<string>();
        long bytes = 0;
        Walk(new DirectoryInfo(folder), "", top: true);
        files.Sort((a, b) => string.CompareOrdinal(a.RelativePath, b.RelativePath));
        if (files.Count == 0 && errors.Count == 0) errors.Add("The folder holds no C# file (.cs) to compile.");
        return (files, errors);

        void Walk(DirectoryInfo directory, string relative, bool top)
        {
            FileSystemInfo[] entries;
            try
            {
                if (!top && directory.EnumerateFiles("*.csproj").Any()) return; // a project of its own: not the submission's
                entries = [.. directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal)];
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                errors.Add($"{(relative.Length == 0 ? "." : relative)}: error SUBMISSION: the folder cannot be read ({e.GetType().Name})");
                return;
            }
            foreach (var entry in entries)
            {
                string path = relative.Length == 0 ? entry.Name : relative + "/" + entry.Name;
                if (entry is DirectoryInfo sub)
                {
                    if (sub.Name is "bin" or "obj" || sub.Name.StartsWith('.')) continue;
                    if (sub.LinkTarget is not null)
                    {
                        errors.Add($"{path}: error SUBMISSION: a link to a folder; the grader does not follow links: copy the files in");
                        continue;
                    }
                    Walk(sub, path, top: false);
                    continue;
                }
                if (!entry.Name.EndsWith(".cs", StringComparison.OrdinalIgnoreCase)) continue;
                if (entry.LinkTarget is not null)
                {
                    errors.Add($"{path}: error SUBMISSION: a link to a file; the grader does not follow links: copy the file in");
                    continue;
                }
                var file = (FileInfo)entry;
                bytes += file.Length;
                if (files.Count == MaxFiles || bytes > MaxBytes)
                {
                    if (errors.Count == 0 || !errors[^1].StartsWith("error SUBMISSION: too", StringComparison.Ordinal))
                        errors.Add($"error SUBMISSION: too much source: at most {MaxFiles} files and {MaxBytes >> 20} MiB are compiled");
                    continue;
                }
                files.Add(new SourceFile(path, file.FullName));
            }
        }
    }
}
