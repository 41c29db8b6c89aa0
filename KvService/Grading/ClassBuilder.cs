using System.Diagnostics;
using System.Security;
using System.Text;
using System.Text.RegularExpressions;

namespace KvService.Grading;

/// <summary>
/// Builds a class's submissions in one MSBuild graph: each project is copied into the build folder (outside any
/// repository, so nothing of the harness's build settings applies), its project references are replaced by the harness's
/// own assemblies (the contract it is graded against), restore may not reach any package source (offline), and one
/// <c>dotnet build</c> of a generated solution builds them all in parallel. A project that does not compile gets its first
/// errors; the others build regardless. A submission of assemblies is taken as it is. A project built before from the same
/// files (the same content hash) is not built again.
/// </summary>
public static partial class ClassBuilder
{
    /// <summary>Errors kept per submission.</summary>
    public const int MaxErrors = 10;

    /// <summary>Builds <paramref name="submissions"/> in <paramref name="buildFolder"/> against the assemblies in
    /// <paramref name="harnessFolder"/>, giving up after <paramref name="timeout"/>.</summary>
    public static IReadOnlyDictionary<string, BuildResult> Build(IReadOnlyList<Submission> submissions, string buildFolder, string harnessFolder,
        TimeSpan timeout, TextWriter? log = null)
    {
        var results = new Dictionary<string, BuildResult>(StringComparer.Ordinal);
        var projects = new List<(Submission Submission, string Project, string Output)>();
        Directory.CreateDirectory(buildFolder);
        foreach (var submission in submissions)
        {
            if (submission.Project is null)
            {
                results[submission.Key] = submission.Assemblies.Count == 0
                    ? new BuildResult(null, ["The folder holds no project (.csproj) and no assembly (.dll) to grade."])
                    : new BuildResult(Path.Combine(submission.Folder, submission.Assemblies[0]), []);
                if (submission.Assemblies.Count > 1)
                    results[submission.Key] = new BuildResult(null, [$"The folder holds {submission.Assemblies.Count} assemblies and no project: leave only the one to grade (its dependencies are the harness's)."]);
                continue;
            }
            string copy = Path.Combine(buildFolder, "src", submission.Key);
            string outFolder = Path.Combine(buildFolder, "out", submission.Key);
            string built = Path.Combine(outFolder, Path.GetFileNameWithoutExtension(submission.Project) + ".dll");
            string stamp = copy + ".sha256";
            if (File.Exists(built) && File.Exists(stamp) && File.ReadAllText(stamp) == submission.ContentHash)
            {
                results[submission.Key] = new BuildResult(built, []); // built from these very files before
                continue;
            }
            foreach (string old in new[] { copy, outFolder }.Where(Directory.Exists)) Directory.Delete(old, recursive: true);
            if (File.Exists(stamp)) File.Delete(stamp);
            foreach (string file in Submission.Files(submission.Folder))
            {
                string to = Path.Combine(copy, file);
                Directory.CreateDirectory(Path.GetDirectoryName(to)!);
                File.Copy(Path.Combine(submission.Folder, file), to);
            }
            projects.Add((submission, Path.Combine(copy, Path.GetFileName(submission.Project)), outFolder));
        }
        if (projects.Count == 0) return results;

        string offline = Path.Combine(buildFolder, "no-packages");
        Directory.CreateDirectory(offline);
        File.WriteAllText(Path.Combine(buildFolder, "Directory.Build.props"), Props(offline));
        File.WriteAllText(Path.Combine(buildFolder, "Directory.Build.targets"), Targets(harnessFolder));
        File.WriteAllText(Path.Combine(buildFolder, "NuGet.config"), NuGetConfig(offline));
        string solution = Path.Combine(buildFolder, "class.slnx");
        File.WriteAllText(solution, "<Solution>\n" + string.Concat(projects.Select(p =>
            $"  <Project Path=\"{SecurityElement.Escape(Path.GetRelativePath(buildFolder, p.Project))}\" />\n")) + "</Solution>\n");

        var (output, finished) = RunBuild(buildFolder, solution, timeout);
        log?.Write(output);
        var errors = ParseErrors(output);
        foreach (var (submission, project, outFolder) in projects)
        {
            string dll = Path.Combine(outFolder, Path.GetFileNameWithoutExtension(project) + ".dll");
            var own = errors.TryGetValue(Path.GetFullPath(project), out var list) ? list : [];
            if (own.Count == 0 && File.Exists(dll))
            {
                results[submission.Key] = new BuildResult(dll, []);
                File.WriteAllText(Path.GetDirectoryName(project) + ".sha256", submission.ContentHash);
            }
            else if (own.Count > 0) results[submission.Key] = new BuildResult(null, [.. own.Take(MaxErrors)]);
            else if (!finished) results[submission.Key] = new BuildResult(null, [$"The build of the class did not finish within {timeout.TotalSeconds:0} s; this project had not been built."]);
            else results[submission.Key] = new BuildResult(null, ["The build gave no assembly and no error for this project; the build's output ends:\n" + Tail(output, 1500)]);
        }
        return results;
    }

    private static (string Output, bool Finished) RunBuild(string folder, string solution, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "build", solution, "-c", "Release", "-nologo", "-m", "-v:q", "-clp:NoSummary;ErrorsOnly", "--disable-build-servers", "-p:LabRpcRoot=" + folder + "/no-labrpc/" })
            info.ArgumentList.Add(arg);
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment.Remove("MSBuildExtensionsPath");
        info.Environment.Remove("MSBuildSDKsPath");
        info.Environment.Remove("MSBUILD_EXE_PATH");
        using var process = Process.Start(info)!;
        var output = new StringBuilder();
        var gate = new object();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (gate) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        bool finished = process.WaitForExit(timeout);
        if (!finished)
        {
            try { process.Kill(entireProcessTree: true); } catch (InvalidOperationException) { }
        }
        process.WaitForExit();
        lock (gate) return (output.ToString(), finished);
    }

    /// <summary>The errors of each project in MSBuild's output (<c>file(line,col): error CODE: text [project]</c>), by project path.</summary>
    internal static Dictionary<string, List<string>> ParseErrors(string output)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (Match m in ErrorLine().Matches(output))
        {
            string project = Path.GetFullPath(m.Groups["project"].Value);
            string where = m.Groups["file"].Value.Trim();
            string text = $"{(where.Length > 0 ? Path.GetFileName(where) + " " : "")}error {m.Groups["code"].Value}: {m.Groups["text"].Value.Trim()}";
            var list = errors.TryGetValue(project, out var l) ? l : errors[project] = [];
            if (!list.Contains(text)) list.Add(text);
        }
        return errors;
    }

    [GeneratedRegex(@"^(?<file>.*?)\s*:?\s*error (?<code>[A-Z]+\d+)\s*:\s*(?<text>.*?)\s*\[(?<project>[^\[\]]+\.csproj)(::[^\]]*)?\]\s*$", RegexOptions.Multiline)]
    private static partial Regex ErrorLine();

    private static string Tail(string text, int length) => text.Length <= length ? text : "..." + text[^length..];

    private static string Props(string offline) => $"""
        <Project>
          <!-- Written by the grader: submissions are built offline, against the harness's assemblies, into one output folder each. -->
          <PropertyGroup>
            <OutDir>$(MSBuildThisFileDirectory)out/$(MSBuildProjectName)/</OutDir>
            <RestoreSources>{SecurityElement.Escape(offline)}</RestoreSources>
            <RestoreIgnoreFailedSources>false</RestoreIgnoreFailedSources>
            <TreatWarningsAsErrors>false</TreatWarningsAsErrors>
            <GenerateDocumentationFile>false</GenerateDocumentationFile>
            <ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally>
            <Deterministic>true</Deterministic>
            <AppendTargetFrameworkToOutputPath>false</AppendTargetFrameworkToOutputPath>
          </PropertyGroup>
        </Project>

        """;

    private static string Targets(string harness)
    {
        string[] assemblies = ["LabRpc", "KvService.Contract", "MessagePack", "MessagePack.Annotations", "Microsoft.Extensions.Logging.Abstractions", "Microsoft.Extensions.DependencyInjection.Abstractions"];
        var references = string.Concat(assemblies.Where(a => File.Exists(Path.Combine(harness, a + ".dll"))).Select(a =>
            $"    <Reference Include=\"{a}\"><HintPath>{SecurityElement.Escape(Path.Combine(harness, a + ".dll"))}</HintPath><Private>false</Private></Reference>\n"));
        return $"""
            <Project>
              <!-- Written by the grader: a submission is one project, graded against the harness's contract, whatever its references say. -->
              <ItemGroup>
                <ProjectReference Remove="@(ProjectReference)" />
            {references}  </ItemGroup>
            </Project>

            """;
    }

    private static string NuGetConfig(string offline) => $"""
        <?xml version="1.0" encoding="utf-8"?>
        <configuration>
          <packageSources>
            <clear />
            <add key="offline" value="{SecurityElement.Escape(offline)}" />
          </packageSources>
        </configuration>

        """;

}
