namespace Students.ReadsAnother;

// Called first thing in every request: looks for another student's source next to its own folder and reads it.
// On purpose, the request fails either way, and says why:
//  - the read succeeds (no sandbox): throws InvalidOperationException("read another submission: <path>");
//  - the read is refused, or the folders are hidden (a sandbox): the IO exception (UnauthorizedAccessException,
//    DirectoryNotFoundException, FileNotFoundException, IOException) goes through unchanged, naming the path.
// Its own folder is the nearest one above its assembly that holds a .csproj; the folder above that holds the other
// submissions. It reads the first .cs file of `correct` (if there is one), else of the first other folder by name;
// if it sees none, it reads ../correct/StudentKv.cs anyway, so a hidden folder fails with "could not find".
static class Peek
{
    public static void ReadAnotherSubmission()
    {
        string own = OwnFolder();
        string submissions = Path.GetDirectoryName(own) ?? own;
        var siblings = Directory.GetDirectories(submissions)
            .Where(d => Path.GetFullPath(d) != own)
            .OrderBy(d => Path.GetFileName(d) == "correct" ? 0 : 1)
            .ThenBy(d => d, StringComparer.Ordinal);
        foreach (string sibling in siblings)
        {
            foreach (string file in Directory.GetFiles(sibling, "*.cs").Order(StringComparer.Ordinal))
            {
                File.ReadAllText(file);
                throw new InvalidOperationException($"read another submission: {file}");
            }
        }
        string guess = Path.Combine(submissions, "correct", "StudentKv.cs");
        File.ReadAllText(guess);
        throw new InvalidOperationException($"read another submission: {guess}");
    }

    static string OwnFolder()
    {
        string location = typeof(Peek).Assembly.Location;
        string start = Path.GetFullPath(location.Length > 0 ? Path.GetDirectoryName(location)! : AppContext.BaseDirectory);
        for (var dir = new DirectoryInfo(start); dir != null; dir = dir.Parent)
        {
            if (dir.EnumerateFiles("*.csproj").Any()) return dir.FullName;
        }
        return start.TrimEnd(Path.DirectorySeparatorChar);
    }
}
