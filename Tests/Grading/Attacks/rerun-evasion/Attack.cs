using LabRpc;

namespace Students.NoDuplicateDetection;

// The attack is in StudentKv.cs.
static class Attack
{
    public static void Run(IRuntime runtime)
    {
    }
}
