using LabRpc;

namespace Students.NoDuplicateDetection;

// 4 GiB into its scratch folder (the temporary folder it is given), in files of 64 MiB, left behind.
static class Attack
{
    public static void Run(IRuntime runtime)
    {
        var chunk = new byte[1 << 20];
        for (int f = 0; f < 64; f++)
        {
            using var file = new FileStream(Path.Combine(Path.GetTempPath(), $"fill-{f}"), FileMode.Create);
            for (int i = 0; i < 64; i++) file.Write(chunk);
        }
        throw new InvalidOperationException("wrote 4 GiB into the scratch folder");
    }
}
