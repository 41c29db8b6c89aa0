using LabRpc;

namespace Students.NoDuplicateDetection;

// The C# is harmless: the attack is in Directory.Build.targets, which MSBuild would run at build time, outside any
// sandbox, as the grader's user.
static class Attack
{
    public static void Run(IRuntime runtime)
    {
    }
}
