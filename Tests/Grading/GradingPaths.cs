using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Grading;

/// <summary>Where the grading tests find the corpus, their rubric and the harness the workers run.</summary>
internal static class GradingPaths
{
    public static string Corpus => Path.Combine(RepoPaths.Root, "Tests", "Grading", "Corpus");

    public static string Rubric => Path.Combine(RepoPaths.Root, "Tests", "Grading", "corpus-rubric.json");

    /// <summary>The KvService assembly next to the tests (with its runtimeconfig, so that `dotnet KvService.dll` runs).</summary>
    public static string Harness => Path.Combine(AppContext.BaseDirectory, "KvService.dll");

    /// <summary>A fresh temporary folder.</summary>
    public static string Scratch(string name)
    {
        string folder = Path.Combine(Path.GetTempPath(), "labrpc-grading", name + "-" + Environment.ProcessId);
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        Directory.CreateDirectory(folder);
        return folder;
    }

    /// <summary>Copies a folder (without bin and obj).</summary>
    public static void Copy(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in KvService.Grading.Submission.Files(from))
        {
            string target = Path.Combine(to, file);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(Path.Combine(from, file), target);
        }
    }
}
