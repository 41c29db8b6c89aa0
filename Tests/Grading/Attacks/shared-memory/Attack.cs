using LabRpc;

namespace Students.NoDuplicateDetection;

// 3 GiB in /dev/shm: memory that a limit on the process's data does not count.
static class Attack
{
    public static void Run(IRuntime runtime)
    {
        using var file = new FileStream($"/dev/shm/labrpc-attack-{Environment.ProcessId}", FileMode.Create);
        var chunk = new byte[1 << 20];
        Array.Fill(chunk, (byte)1);
        for (int i = 0; i < 3 * 1024; i++) file.Write(chunk);
        throw new InvalidOperationException("wrote 3 GiB of shared memory");
    }
}
