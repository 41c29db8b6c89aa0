namespace LabRpc.Tests.Real;

/// <summary>Fresh scratch folders for the real-world tests (data folders, a run's files).</summary>
internal static class RealPaths
{
    /// <summary>An empty folder named for <paramref name="name"/> and this process.</summary>
    public static string Scratch(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "labrpc-real", name + "-" + Environment.ProcessId);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
