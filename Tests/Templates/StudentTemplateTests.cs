using System.Diagnostics;
using System.Text;
using KvService.Grading;
using LabRpc.Tests.Grading;
using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Templates;

/// <summary>
/// A student's way in, end to end: the packages packed into a folder feed, the KV template installed (in a hive of the
/// test's own, not the machine's), a project made with <c>dotnet new labrpc-kv</c> that builds against the packages with
/// the rules' analyzer and no warning, and the grader grading it like any other submission: it fails the tests honestly.
/// The primary/backup template (<c>dotnet new labrpc-pb</c>), from the packed template package, builds the same way and is
/// graded by the primary/backup rubric. And the command line as a dotnet tool, installed from the feed, globally (a tool
/// path) and as a local tool through a manifest, running <c>labrpc check</c>.
/// </summary>
[Category("Templates")]
public sealed class StudentTemplateTests
{
    [Test]
    public void AProjectMadeByTheKvTemplateBuildsAgainstThePackagesAndIsGradedLikeAnyOther()
    {
        string root = GradingPaths.Scratch("template");
        string feed = Path.Combine(root, "feed"), hive = Path.Combine(root, "hive"), student = Path.Combine(root, "class", "alice");
        // A version of its own, and a package cache of its own: nothing packed before can stand in for these packages.
        string version = $"0.1.{9_000_000 + Environment.ProcessId}";
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
        foreach (string project in new[] { "LabRpc/LabRpc.csproj", "KvService/Contract/KvService.Contract.csproj", "LabRpc.Analyzers/LabRpc.Analyzers.csproj" })
            Run(RepoPaths.Root, env, "pack", Path.Combine(RepoPaths.Root, project), "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={version}");
        Run(RepoPaths.Root, env, "new", "install", Path.Combine(RepoPaths.Root, "templates", "kv"), "--debug:custom-hive", hive);
        Run(root, env, "new", "labrpc-kv", "-o", student, "--feed", feed, "--debug:custom-hive", hive);
        Assert.That(File.Exists(Path.Combine(student, "alice.csproj")), "the project is named after its folder");

        string build = Run(student, env, "build", "-nologo");
        Assert.That(build, Does.Not.Contain("warning LABRPC"), "the template uses nothing the grader refuses");
        Assert.That(File.ReadAllText(Path.Combine(student, "obj", "project.assets.json")), Does.Contain($"LabRpc.KvService.Contract/{version}"));

        var rubric = Rubric.Load(Path.Combine(GradingPaths.Corpus, "..", "honest-rubric.json"));
        var result = new Grader(rubric, new GradeOptions { Submissions = Path.GetDirectoryName(student)!, Output = Path.Combine(root, "grades"), HarnessDll = GradingPaths.Harness })
            .Run().Single();
        Assert.That((result.Student, result.Status), Is.EqualTo(("alice", "graded")), string.Join("\n", result.BuildErrors));
        Assert.That(result.Score, Is.LessThan(rubric.MaxPoints), "the template's server does not do the work yet");
        Assert.That(result.Tests.Select(t => t.Outcome), Has.Some.EqualTo(TestOutcome.Failed));
    }

    [Test]
    public void AProjectMadeByThePbTemplateFromTheTemplatePackageBuildsAgainstThePackagesAndIsGraded()
    {
        string root = GradingPaths.Scratch("template-pb");
        string feed = Path.Combine(root, "feed"), hive = Path.Combine(root, "hive"), student = Path.Combine(root, "class", "bob");
        string version = $"0.1.{9_000_000 + Environment.ProcessId}";
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
        foreach (string project in new[] { "LabRpc/LabRpc.csproj", "KvService/Contract/KvService.Contract.csproj", "LabRpc.Analyzers/LabRpc.Analyzers.csproj" })
            Run(RepoPaths.Root, env, "pack", Path.Combine(RepoPaths.Root, project), "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={version}");
        Run(RepoPaths.Root, env, "pack", Path.Combine(RepoPaths.Root, "templates", "LabRpc.Templates.csproj"), "-c", "Release", "-o", feed, $"-p:PackageVersion={version}");
        // The packed template package, as scripts/pack.sh makes it: both labs' templates are in it.
        string installed = Run(RepoPaths.Root, env, "new", "install", Path.Combine(feed, $"LabRpc.Templates.{version}.nupkg"), "--debug:custom-hive", hive);
        Assert.That(installed, Does.Contain("labrpc-kv").And.Contain("labrpc-pb"));
        Run(root, env, "new", "labrpc-pb", "-o", student, "--feed", feed, "--debug:custom-hive", hive);
        Assert.That(File.Exists(Path.Combine(student, "bob.csproj")), "the project is named after its folder");
        Assert.That(File.ReadAllText(Path.Combine(student, "MyPb.cs")), Does.Contain("Name => \"bob\""));

        string build = Run(student, env, "build", "-nologo");
        Assert.That(build, Does.Not.Contain("warning LABRPC"), "the template uses nothing the grader refuses");
        Assert.That(File.ReadAllText(Path.Combine(student, "obj", "project.assets.json")), Does.Contain($"LabRpc.KvService.Contract/{version}"));
        Assert.That(File.Exists(Path.Combine(student, "bin", "Debug", "net10.0", "bob.dll")));

        var rubric = Rubric.Load(Path.Combine(GradingPaths.Corpus, "..", "pb-corpus-rubric.json"));
        var result = new Grader(rubric, new GradeOptions { Submissions = Path.GetDirectoryName(student)!, Output = Path.Combine(root, "grades"), HarnessDll = GradingPaths.Harness })
            .Run().Single();
        Assert.That((result.Student, result.Status), Is.EqualTo(("bob", "graded")), string.Join("\n", result.BuildErrors));
        Assert.That(result.Score, Is.LessThan(rubric.MaxPoints), "the template's servers do not do the work yet");
        Assert.That(result.Tests.Select(t => t.Outcome), Has.Some.EqualTo(TestOutcome.Failed));
    }

    [Test]
    public void TheCommandLineInstallsAsADotnetToolAndChecks()
    {
        string root = GradingPaths.Scratch("tool");
        string feed = Path.Combine(root, "feed"), tools = Path.Combine(root, "tools");
        string version = $"0.1.{9_000_000 + Environment.ProcessId}";
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
        Run(RepoPaths.Root, env, "pack", Path.Combine(RepoPaths.Root, "KvService", "KvService.csproj"), "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={version}");
        Run(root, env, "tool", "install", "LabRpc.Tool", "--tool-path", tools, "--add-source", feed, "--version", version);
        string output = Run(root, env, Path.Combine(tools, "labrpc"), "check", "-n", "5");
        Assert.That(output, Does.Contain("All 5 scenarios passed."));
    }

    [Test]
    public void TheCommandLineInstallsAsALocalToolThroughAManifestAndChecks()
    {
        string root = GradingPaths.Scratch("local-tool");
        string feed = Path.Combine(root, "feed"), course = Path.Combine(root, "course");
        Directory.CreateDirectory(course);
        string version = $"0.1.{9_000_000 + Environment.ProcessId}";
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(root, "packages") };
        Run(RepoPaths.Root, env, "pack", Path.Combine(RepoPaths.Root, "KvService", "KvService.csproj"), "-c", "Release", "--no-build", "-o", feed, $"-p:PackageVersion={version}");
        Run(course, env, "new", "tool-manifest");
        Run(course, env, "tool", "install", "LabRpc.Tool", "--add-source", feed, "--version", version);
        // The SDK writes the manifest beside the project (.NET 10) or under .config (earlier SDKs).
        string manifest = new[] { Path.Combine(course, "dotnet-tools.json"), Path.Combine(course, ".config", "dotnet-tools.json") }.First(File.Exists);
        Assert.That(File.ReadAllText(manifest), Does.Contain("labrpc.tool").IgnoreCase.And.Contain(version));
        string output = Run(course, env, "tool", "run", "labrpc", "check", "-n", "5");
        Assert.That(output, Does.Contain("All 5 scenarios passed."));
    }

    internal static string Run(string folder, Dictionary<string, string> env, params string[] args)
    {
        bool program = args[0].Contains(Path.DirectorySeparatorChar, StringComparison.Ordinal);
        var info = new ProcessStartInfo(program ? args[0] : "dotnet") { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in program ? args[1..] : args) info.ArgumentList.Add(arg);
        foreach (var (key, value) in env) info.Environment[key] = value;
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        foreach (string variable in new[] { "MSBuildExtensionsPath", "MSBuildSDKsPath", "MSBUILD_EXE_PATH" }) info.Environment.Remove(variable);
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3))) process.Kill(entireProcessTree: true);
        process.WaitForExit();
        string text;
        lock (output) text = output.ToString();
        Assert.That(process.ExitCode, Is.Zero, $"dotnet {string.Join(' ', args)}:\n{text}");
        return text;
    }
}
