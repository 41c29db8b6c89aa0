namespace Students.ReadsRubric;

// Called first thing in every request: looks for the grader's rubric (rubric.json or *.rubric.json) in every folder
// above its assembly and above the current directory, and below the current directory (four levels down).
// On purpose, the outcome says what happened:
//  - it finds and reads one: the request throws InvalidOperationException("read the grader's rubric: <path>");
//  - a folder on the way cannot be listed or the file cannot be read (a sandbox): the IO exception
//    (UnauthorizedAccessException, IOException, ...) goes through unchanged;
//  - it finds none: it remembers that for the rest of the process and behaves as a correct submission.
static class Peek
{
    const string Pattern = "*rubric.json";
    static bool foundNone;

    public static void ReadRubric()
    {
        if (foundNone) return;
        string location = typeof(Peek).Assembly.Location;
        string assemblyFolder = location.Length > 0 ? Path.GetDirectoryName(location)! : AppContext.BaseDirectory;
        string cwd = Environment.CurrentDirectory;
        foreach (string start in new[] { assemblyFolder, cwd })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir != null; dir = dir.Parent)
            {
                foreach (var file in dir.EnumerateFiles(Pattern).OrderBy(f => f.Name, StringComparer.Ordinal))
                    Read(file.FullName);
            }
        }
        if (Path.GetPathRoot(cwd) != cwd) // not from the root: that would list the whole disk
        {
            var below = new EnumerationOptions { RecurseSubdirectories = true, MaxRecursionDepth = 4, IgnoreInaccessible = true };
            foreach (string file in Directory.EnumerateFiles(cwd, Pattern, below).Order(StringComparer.Ordinal))
                Read(file);
        }
        foundNone = true;
    }

    static void Read(string path)
    {
        File.ReadAllText(path);
        throw new InvalidOperationException($"read the grader's rubric: {path}");
    }
}
