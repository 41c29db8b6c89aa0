using LabRpc;

namespace Students.NoDuplicateDetection;

// One line of 150 MB on the process's real standard output, where the grader reads its results.
static class Attack
{
    public static void Run(IRuntime runtime)
    {
        using var stdout = Console.OpenStandardOutput();
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)'x');
        for (int i = 0; i < 150; i++) stdout.Write(chunk);
    }
}
