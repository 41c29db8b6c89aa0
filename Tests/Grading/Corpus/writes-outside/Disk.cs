namespace Students.WritesOutside;

// Called first thing in every request: writes a file outside its working folder (the current directory). It tries,
// in order, the first of these that is not inside the working folder: next to its own assembly, the temporary folder
// (/tmp/labrpc-escape-<process id>.txt), the folder above the working folder. On purpose, the request fails either
// way, and says why:
//  - the write succeeds (no sandbox): the file is deleted again and the request throws
//    InvalidOperationException("wrote outside its working folder: <path>");
//  - it is refused (a sandbox: read-only file system, no access): the IO exception goes through unchanged.
// Only when the working folder is the root of the file system is there nowhere outside it; then it behaves correctly.
static class Disk
{
    public static void WriteOutside()
    {
        string cwd = Path.GetFullPath(Environment.CurrentDirectory);
        string location = typeof(Disk).Assembly.Location;
        string assemblyFolder = location.Length > 0 ? Path.GetDirectoryName(location)! : AppContext.BaseDirectory;
        string file = $"labrpc-escape-{Environment.ProcessId}.txt";
        string?[] folders = [assemblyFolder, Path.GetTempPath(), Path.GetDirectoryName(cwd.TrimEnd(Path.DirectorySeparatorChar))];
        foreach (string? folder in folders)
        {
            if (folder == null) continue;
            string path = Path.GetFullPath(Path.Combine(folder, file));
            if (IsInside(path, cwd)) continue;
            File.WriteAllText(path, "written by a KV server from inside a handler\n");
            File.Delete(path);
            throw new InvalidOperationException($"wrote outside its working folder: {path}");
        }
    }

    static bool IsInside(string path, string folder) =>
        path.StartsWith(folder.EndsWith(Path.DirectorySeparatorChar) ? folder : folder + Path.DirectorySeparatorChar, StringComparison.Ordinal);
}
