using LabRpc;

namespace Students.NoDuplicateDetection;

// A foreground thread that spins forever, started once: the process can never exit on its own, and a core stays busy.
static class Attack
{
    static bool started;

    public static void Run(IRuntime runtime)
    {
        if (started) return;
        started = true;
        new Thread(() => { while (true) { } }) { IsBackground = false }.Start();
    }
}
