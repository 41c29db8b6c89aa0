using System.Reflection;
using KvService.Grading;
using KvService.Harness;

namespace LabRpc.Tests.Grading;

/// <summary>The grader's own build of a submission (<see cref="SubmissionCompiler"/>): from the .cs files alone, nothing
/// of the student's runs, the names are the grader's, errors come back with file and line, and a build is cached.</summary>
public sealed class SubmissionCompilerTests
{
    private readonly List<string> _scratch = [];

    private static string Corpus(string name) => Path.Combine(GradingPaths.Corpus, name);

    private string Scratch(string name)
    {
        string folder = GradingPaths.Scratch(name);
        _scratch.Add(folder);
        return folder;
    }

    [TearDown]
    public void RemoveScratch()
    {
        foreach (string folder in _scratch) Directory.Delete(folder, recursive: true);
        _scratch.Clear();
    }

    private static BuildResult Compile(string folder, string name, string output, string hash = "hash") =>
        SubmissionCompiler.Compile(folder, hash, name, output, SubmissionCheck.Harness);

    [Test]
    public void ACorpusSubmissionCompilesToAnAssemblyThatResolvesAsAKvImplementation()
    {
        string output = Scratch("compile-correct");
        var build = Compile(Corpus("correct"), "graded-correct", output);
        Assert.That(build.Errors, Is.Empty);
        Assert.That(build.Assembly, Is.EqualTo(Path.Combine(output, "graded-correct.dll")));
        var implementation = KvImplementations.Resolve(build.Assembly);
        Assert.That(implementation.Name, Is.EqualTo("correct"));
    }

    [Test]
    public void ACompileErrorComesBackWithTheFileAndLine()
    {
        var build = Compile(Corpus("does-not-compile"), "graded-does-not-compile", Scratch("compile-error"));
        Assert.That(build.Assembly, Is.Null);
        Assert.That(build.Errors, Has.Some.StartsWith("Clerk.cs(10,29): error CS0266: Cannot implicitly convert type 'long' to 'int'"));
        Assert.That(build.Errors, Has.Some.StartsWith("KvServer.cs(74,36): error CS1503: Argument 1: cannot convert from 'int' to 'string'"));
    }

    [Test]
    public void ARefusedApiComesBackWithTheFileLineAndWhatToUseInsteadAndNoAssembly()
    {
        var build = Compile(Corpus("escapes"), "graded-escapes", Scratch("compile-escapes"));
        Assert.That(build.Assembly, Is.Null);
        Assert.That(build.Errors[0], Does.StartWith("KvServer.cs(50,27): error LABRPC001: 'Task.Run<GetReply>(Func<GetReply>)' is refused in a submission"));
        Assert.That(build.Errors[0], Does.EndWith("use runtime.Go(...) or runtime.Spawn(...)"));
    }

    [Test]
    public void AtMostTenErrorsComeBack()
    {
        var build = Compile(Corpus("opens-socket"), "graded-opens-socket", Scratch("compile-many"));
        Assert.That(build.Errors, Has.Count.EqualTo(BuildResult.MaxErrors));
    }

    [Test]
    public void TheAssemblyIsNamedAsTheGraderSaysWhateverTheFolderAndProjectAreCalled()
    {
        string folder = Path.Combine(Scratch("compile-names"), "alice's kv");
        GradingPaths.Copy(Corpus("correct"), folder);
        File.Move(Path.Combine(folder, "correct.csproj"), Path.Combine(folder, "mykv.csproj"));
        var build = Compile(folder, "student-7", Path.Combine(folder, "..", "out"));
        Assert.That(build.Errors, Is.Empty);
        Assert.That(Path.GetFileName(build.Assembly), Is.EqualTo("student-7.dll"));
        Assert.That(AssemblyName.GetAssemblyName(build.Assembly!).Name, Is.EqualTo("student-7"));
    }

    [Test]
    public void NothingOfTheStudentsProjectRunsAtBuildTime()
    {
        string root = Scratch("compile-no-msbuild");
        string folder = Path.Combine(root, "sneaky");
        GradingPaths.Copy(Corpus("correct"), folder);
        string marker = Path.Combine(root, "ran.txt");
        string target = $"""
            <Project>
              <Target Name="Sneak" BeforeTargets="Build;CoreCompile;Restore">
                <Exec Command="touch {marker}" />
                <WriteLinesToFile File="{marker}" Lines="ran" />
              </Target>
            </Project>
            """;
        File.WriteAllText(Path.Combine(folder, "Directory.Build.targets"), target);
        File.WriteAllText(Path.Combine(folder, "Directory.Build.props"), target);
        File.WriteAllText(Path.Combine(folder, "correct.csproj"), target.Replace("<Project>", "<Project Sdk=\"Microsoft.NET.Sdk\">", StringComparison.Ordinal));
        var build = Compile(folder, "graded-sneaky", Path.Combine(root, "out"));
        Assert.That(build.Errors, Is.Empty);
        Assert.That(File.Exists(marker), Is.False, "a target of the student's ran");
    }

    [Test]
    public void TheFilesOfANestedProjectBinObjAndHiddenFoldersAreNotCompiled()
    {
        string folder = Path.Combine(Scratch("compile-nested"), "with-tests");
        GradingPaths.Copy(Corpus("correct"), folder);
        const string broken = "this is not C#";
        foreach (string sub in new[] { "MyTests", "bin/Debug", "obj", ".git" })
        {
            Directory.CreateDirectory(Path.Combine(folder, sub));
            File.WriteAllText(Path.Combine(folder, sub, "Broken.cs"), broken);
        }
        File.WriteAllText(Path.Combine(folder, "MyTests", "MyTests.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\" />");
        Directory.CreateDirectory(Path.Combine(folder, "Util"));
        File.WriteAllText(Path.Combine(folder, "Util", "Helper.cs"), "namespace Students.Correct.Util; static class Helper { public static int Two => 2; }");
        var build = Compile(folder, "graded-nested", Path.Combine(folder, "..", "out"));
        Assert.That(build.Errors, Is.Empty);

        File.WriteAllText(Path.Combine(folder, "Util", "Helper.cs"), broken); // a plain subfolder is the submission's own
        var again = Compile(folder, "graded-nested", Path.Combine(folder, "..", "out"), hash: "changed");
        Assert.That(again.Errors, Has.Some.StartsWith("Util/Helper.cs(1,1): error CS"));
    }

    [Test]
    public void ALinkIsReportedAndNotFollowed()
    {
        string root = Scratch("compile-link");
        string secret = Path.Combine(root, "secret.txt");
        File.WriteAllText(secret, "hiddenSeed12345");
        string folder = Path.Combine(root, "linker");
        GradingPaths.Copy(Corpus("correct"), folder);
        File.CreateSymbolicLink(Path.Combine(folder, "Secret.cs"), secret);
        var build = Compile(folder, "graded-link", Path.Combine(root, "out"));
        Assert.That(build.Assembly, Is.Null);
        Assert.That(build.Errors, Is.EqualTo(new[] { "Secret.cs: error SUBMISSION: a link to a file; the grader does not follow links: copy the file in" }));
    }

    [Test]
    public void ANamedPipeNamedCsNeitherBlocksTheGraderNorIsRead()
    {
        string root = Scratch("compile-fifo");
        string folder = Path.Combine(root, "fifo");
        GradingPaths.Copy(Corpus("correct"), folder);
        using (var mkfifo = System.Diagnostics.Process.Start("mkfifo", Path.Combine(folder, "Pipe.cs"))) mkfifo.WaitForExit();
        // Opening a pipe for reading waits for a writer that never comes: the grader must not open it at all.
        var hashing = Task.Run(() => KvService.Grading.Submission.Of(folder));
        var compiling = Task.Run(() => Compile(folder, "graded-fifo", Path.Combine(root, "out")));
        Assert.That(Task.WaitAll([hashing, compiling], TimeSpan.FromSeconds(60)), Is.True, "hashing or compiling the submission waited on the pipe");
        Assert.That(compiling.Result.Built, Is.True, string.Join("\n", compiling.Result.Errors));
    }

    [Test]
    public void ABinaryFileNamedCsIsReportedAsNotText()
    {
        string root = Scratch("compile-binary");
        string folder = Path.Combine(root, "binary");
        GradingPaths.Copy(Corpus("correct"), folder);
        File.WriteAllBytes(Path.Combine(folder, "Blob.cs"), [0x4d, 0x5a, 0, 0, 0, 0, 0xff, 0xfe, 0, 0]);
        var build = Compile(folder, "graded-binary", Path.Combine(root, "out"));
        Assert.That(build.Errors, Is.EqualTo(new[] { "Blob.cs: error SUBMISSION: not a text file" }));
    }

    [Test]
    public void ASecondCompileOfTheSameContentIsSkippedAndOtherContentIsCompiledAgain()
    {
        string output = Scratch("compile-cache");
        var first = Compile(Corpus("correct"), "graded-cache", output, hash: "one");
        Assert.That(first.Errors, Is.Empty);
        var longAgo = new DateTime(2001, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(first.Assembly!, longAgo);

        var second = Compile(Corpus("correct"), "graded-cache", output, hash: "one");
        Assert.That(second.Assembly, Is.EqualTo(first.Assembly));
        Assert.That(File.GetLastWriteTimeUtc(second.Assembly!), Is.EqualTo(longAgo), "compiled again");

        var third = Compile(Corpus("correct"), "graded-cache", output, hash: "two");
        Assert.That(File.GetLastWriteTimeUtc(third.Assembly!), Is.Not.EqualTo(longAgo), "not compiled for new content");
    }

    [TestCase("Tests")]
    [TestCase("Benchmarks")]
    public void ANameAHarnessAssemblyGrantsItsInternalsToIsRefused(string name)
    {
        Assert.That(() => Compile(Corpus("correct"), name, Scratch("compile-ivt")),
            Throws.ArgumentException.With.Message.Contains("InternalsVisibleTo"));
    }
}
