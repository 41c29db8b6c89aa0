namespace LabRpc.Tests.Linearizability;

/// <summary>Finds files of the repository from the test assembly's folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "LabRpc.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No folder holding LabRpc.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Histories => Path.Combine(Root, "data", "histories");
}
