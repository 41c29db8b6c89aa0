using KvService.Grading;

namespace LabRpc.Tests.Grading;

/// <summary>How a dead worker's end is told: from its exit code and the end of its standard error.</summary>
public sealed class WorkerDeathTests
{
    [TestCase(134, "Stack overflow.\n   at Students.X.Recurse()", "stack overflow")]
    [TestCase(134, "Process terminated. Something went badly wrong\n", "Environment.FailFast")]
    [TestCase(134, "Unhandled exception. System.InvalidOperationException: boom\n", "unhandled exception: Unhandled exception. System.InvalidOperationException: boom")]
    [TestCase(137, "", "killed (signal 9)")]
    [TestCase(139, "", "native fault (signal 11")]
    [TestCase(3, "", "exited with code 3")]
    [TestCase(0, "", "exited (code 0)")]
    [TestCase(134, "Out of memory.\n System.OutOfMemoryException", "out of memory")]
    public void AWorkersDeathIsToldInWords(int exitCode, string stderr, string expected) =>
        Assert.That(SubmissionRunner.Describe(exitCode, stderr), Does.Contain(expected));

    [Test]
    public void CompilerErrorsAreFoundPerProject()
    {
        const string output = """
            /b/src/alice/Kv.cs(10,29): error CS0266: Cannot implicitly convert type 'long' to 'int'. [/b/src/alice/alice.csproj]
            /b/src/alice/Kv.cs(10,29): error CS0266: Cannot implicitly convert type 'long' to 'int'. [/b/src/alice/alice.csproj]
            /b/src/bob/bob.csproj : error NU1101: Unable to find package Foo. No packages exist with this id in source(s): offline [/b/src/bob/bob.csproj]
            /b/src/carol/Kv.cs(3,1): warning CS0168: unused [/b/src/carol/carol.csproj]
            """;
        var errors = ClassBuilder.ParseErrors(output);
        Assert.That(errors.Keys, Is.EquivalentTo(new[] { "/b/src/alice/alice.csproj", "/b/src/bob/bob.csproj" }));
        Assert.That(errors["/b/src/alice/alice.csproj"], Is.EqualTo(new[] { "Kv.cs(10,29) error CS0266: Cannot implicitly convert type 'long' to 'int'." }));
        Assert.That(errors["/b/src/bob/bob.csproj"].Single(), Does.Contain("NU1101"));
    }
}
