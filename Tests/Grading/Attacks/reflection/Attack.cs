using System.Reflection;
using LabRpc;

namespace Students.NoDuplicateDetection;

// Finds the grader's worker in the loaded assemblies and makes every check pass: it swaps the suite's tests for ones
// that do nothing, through reflection.
static class Attack
{
    static bool done;

    public static void Run(IRuntime runtime)
    {
        if (done) return;
        done = true;
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            var suite = assembly.GetType("KvService.Suite.KvSuiteTests");
            var all = suite?.GetProperty("All", BindingFlags.Public | BindingFlags.Static);
            if (all?.GetValue(null) is System.Collections.IList tests)
                Console.WriteLine($"found {tests.Count} suite tests to replace");
        }
        typeof(Environment).GetMethod("Exit")!.Invoke(null, [0]);
    }
}
