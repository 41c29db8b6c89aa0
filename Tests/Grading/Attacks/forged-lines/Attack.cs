using LabRpc;

namespace Students.NoDuplicateDetection;

// Writes a "passed" result for every test of the attack rubric straight to the process's real standard output, in the
// worker's protocol as its source shows it, then leaves before the real results can follow.
static class Attack
{
    static readonly string[] Tests =
    [
        "kvsrv/OneClientAppendsAndGetsInOrder", "kvsrv/ConcurrentClientsEachSeeTheirOwnAppends",
        "kvsrv/UnreliableNetworkLosesAndRepeatsNothing", "kvsrv/ConcurrentAppendsToOneKeyOnAnUnreliableNetworkApplyOnce",
        "faults/3 scenarios, all faults, seed 1", "faults/3 scenarios, all faults, hidden seed 1",
    ];

    public static void Run(IRuntime runtime)
    {
        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        foreach (string id in Tests)
        {
            stdout.WriteLine("{\"start\":\"" + id + "\"}");
            stdout.WriteLine("{\"result\":{\"id\":\"" + id + "\",\"group\":\"" + id.Split('/')[0] + "\",\"name\":\"" + id.Split('/')[1] +
                "\",\"outcome\":\"Passed\",\"traceHashes\":[\"0000000000000001\"]}}");
        }
        Environment.Exit(0);
    }
}
