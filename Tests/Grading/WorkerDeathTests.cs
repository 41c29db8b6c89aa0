using KvService.Grading;

namespace LabRpc.Tests.Grading;

/// <summary>How a dead worker's end is told: from its exit code and the end of its standard error.</summary>
public sealed class WorkerDeathTests
{
    [TestCase(134, "Stack overflow.\n   at Students.X.Recurse()", "stack overflow")]
    [TestCase(134, "Process terminated. Something went badly wrong\n", "Environment.FailFast")]
    [TestCase(134, "Unhandled exception. System.InvalidOperationException: boom\n", "unhandled exception: Unhandled exception. System.InvalidOperationException: boom")]
    [TestCase(134, "Fatal error.\nSystem.AccessViolationException: Attempted to read or write protected memory.", "native fault (access violation")]
    [TestCase(137, "", "killed (signal 9)")]
    [TestCase(139, "", "native fault (signal 11")]
    [TestCase(3, "", "exited with code 3")]
    [TestCase(0, "", "exited (code 0)")]
    [TestCase(134, "Out of memory.\n System.OutOfMemoryException", "out of memory")]
    public void AWorkersDeathIsToldInWords(int exitCode, string stderr, string expected) =>
        Assert.That(SubmissionRunner.Describe(exitCode, stderr), Does.Contain(expected));
}
