using LabRpc;

namespace Students.NoDuplicateDetection;

// Reads what is left of the worker's standard input (the work order, with every hidden seed) and prints it, and fails
// the request with it, so that it reaches the student's feedback either way.
static class Attack
{
    public static void Run(IRuntime runtime)
    {
        string order = Console.In.ReadToEnd();
        Console.WriteLine("work order: " + order);
        if (order.Length > 0) throw new InvalidOperationException("work order: " + order);
    }
}
