using System.Diagnostics;
using System.Text;
using KvService.Grading;

namespace LabRpc.Tests.Grading;

/// <summary>
/// The rules as a student meets them: LabRpc.Analyzers in their own project, warnings with file and line under
/// <c>dotnet build</c> (the SDK's compiler loads the analyzer: it is built against an older Roslyn than the SDK's).
/// </summary>
public sealed class AnalyzerBuildTests
{
    private const string Student = """
        namespace Students.Build;

        public sealed class Sneaky
        {
            public Task Start() => Task.Run(() => { });
            public DateTime Now() => DateTime.Now;
            public int Methods(object o) => o.GetType().GetMethods().Length;
        }

        """;

    [Test]
    public void DotnetBuildWarnsOfTaskRunDateTimeNowAndReflectionWithTheFileAndLine()
    {
        string folder = GradingPaths.Scratch("analyzer-build");
        string bin = AppContext.BaseDirectory;
        // A student's project references LabRpc.Analyzers.csproj with OutputItemType="Analyzer" (docs/instructors/allowlist.md);
        // here the analyzer the tests were built with is referenced as built, so that the test builds nothing of the repository.
        File.WriteAllText(Path.Combine(folder, "student.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
              <ItemGroup>
                <Analyzer Include="{Path.Combine(bin, "LabRpc.Analyzers.dll")}" />
                <Reference Include="{Path.Combine(bin, "LabRpc.dll")}" />
                <Reference Include="{Path.Combine(bin, "KvService.Contract.dll")}" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(folder, "NuGet.config"), "<configuration><packageSources><clear /></packageSources></configuration>");
        File.WriteAllText(Path.Combine(folder, "Student.cs"), Student);

        var (exitCode, output) = Build(folder);
        Directory.Delete(folder, recursive: true);

        Assert.That(exitCode, Is.Zero, output);
        var all = output.Split('\n').Where(l => l.Contains(": warning LABRPC", StringComparison.Ordinal)).ToList();
        Assert.That(all.Where(l => !l.Contains("/Student.cs(", StringComparison.Ordinal)), Is.Empty, "warnings about the SDK's generated files");
        var warnings = all.Select(l => l[l.IndexOf("Student.cs", StringComparison.Ordinal)..]).Distinct().ToList();
        Assert.That(warnings, Has.Some.StartsWith("Student.cs(5,33): warning LABRPC001: 'Task.Run(Action)' is refused in a submission"));
        Assert.That(warnings, Has.Some.StartsWith("Student.cs(6,39): warning LABRPC001: 'DateTime.Now' is refused in a submission"));
        Assert.That(warnings, Has.Some.StartsWith("Student.cs(7,39): warning LABRPC001: 'object.GetType()' is refused in a submission"));
    }

    [Test]
    public void TheGraderRefusesTheSameCodeWithTheSameFileAndLine()
    {
        var errors = SubmissionCompiler.Check([("Student.cs", Student)], SubmissionCheck.Harness);
        Assert.That(errors, Has.Some.StartsWith("Student.cs(5,33): error LABRPC001: 'Task.Run(Action)' is refused in a submission"));
        Assert.That(errors, Has.Some.StartsWith("Student.cs(6,39): error LABRPC001: 'DateTime.Now' is refused in a submission"));
        Assert.That(errors, Has.Some.StartsWith("Student.cs(7,39): error LABRPC001: 'object.GetType()' is refused in a submission"));
    }

    private static (int ExitCode, string Output) Build(string folder)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "build", "-nologo", "-v:q", "--disable-build-servers", "-p:UseSharedCompilation=false" }) info.ArgumentList.Add(arg);
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
        lock (output) return (process.ExitCode, output.ToString());
    }
}
