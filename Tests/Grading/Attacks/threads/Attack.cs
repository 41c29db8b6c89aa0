using LabRpc;

namespace Students.NoDuplicateDetection;

// Starts 10,000 threads that sleep, once.
static class Attack
{
    static bool done;

    public static void Run(IRuntime runtime)
    {
        if (done) return;
        done = true;
        for (int i = 0; i < 10_000; i++) new Thread(() => Thread.Sleep(Timeout.Infinite)) { IsBackground = true }.Start();
        throw new InvalidOperationException("started 10,000 threads");
    }
}
