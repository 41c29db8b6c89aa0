using System.Diagnostics;
using System.Text.RegularExpressions;
using LabRpc.Tests.Linearizability;

namespace LabRpc.Tests.Scenarios;

/// <summary>The docs' commands (README and docs/) and the scripts' use one build, so that the figures they quote compare.</summary>
public sealed partial class ReadmeAndScriptsTests
{
    [Test]
    public void EveryDotnetRunInTheReadmeAndTheScriptsUsesTheReleaseBuild()
    {
        var lines = new List<string>();
        foreach (string doc in LabRpc.Tests.Readme.Docs.Files)
            lines.AddRange(DotnetRun().Matches(LabRpc.Tests.Readme.Docs.Read(doc)).Select(m => doc + ": " + m.Value));
        foreach (var script in Directory.GetFiles(Path.Combine(RepoPaths.Root, "scripts"), "*.sh"))
        {
            var code = File.ReadAllLines(script).Where(l => !l.TrimStart().StartsWith('#'));
            lines.AddRange(code.SelectMany(l => DotnetCommand().Matches(l)).Where(m => !m.Value.Contains("dotnet test command", StringComparison.Ordinal))
                .Select(m => Path.GetFileName(script) + ": " + m.Value));
        }

        Assert.That(lines, Has.Count.GreaterThan(10));
        Assert.That(lines.Where(l => !l.Contains("-c Release", StringComparison.Ordinal)), Is.Empty, "the same configuration everywhere, so that figures match");
        Assert.That(KvService.Cli.CliText.Cli, Does.Contain("-c Release"), "the commands the program prints too");
    }

    [TestCase(false, true)]
    [TestCase(true, false)]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public void TheTestScriptRunsSetupFirstWhenChromiumIsMissing(bool chromiumInstalled, bool setupRuns)
    {
        // A copy of test.sh beside a setup.sh that only leaves a mark, on a PATH with a dotnet that does nothing and
        // chromium or not.
        var root = Directory.CreateTempSubdirectory("labrpc-testsh-").FullName;
        try
        {
            var scripts = Directory.CreateDirectory(Path.Combine(root, "scripts")).FullName;
            var bin = Directory.CreateDirectory(Path.Combine(root, "bin")).FullName;
            File.Copy(Path.Combine(RepoPaths.Root, "scripts", "test.sh"), Path.Combine(scripts, "test.sh"));
            Executable(Path.Combine(scripts, "setup.sh"), $"#!/bin/bash\ntouch '{root}/setup-ran'\n");
            Executable(Path.Combine(bin, "dotnet"), "#!/bin/bash\nexit 0\n");
            if (chromiumInstalled) Executable(Path.Combine(bin, "chromium"), "#!/bin/bash\nexit 0\n");
            foreach (var tool in new[] { "bash", "dirname", "rm", "find", "grep", "touch" })
                File.CreateSymbolicLink(Path.Combine(bin, tool), Which(tool));

            var start = new ProcessStartInfo(Path.Combine(bin, "bash"), [Path.Combine(scripts, "test.sh")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["PATH"] = bin;
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            Assert.That(process.WaitForExit(TimeSpan.FromSeconds(30)));

            Assert.That(File.Exists(Path.Combine(root, "setup-ran")), Is.EqualTo(setupRuns), error.Result);
            Assert.That(error.Result.Contains("chromium is missing", StringComparison.Ordinal), Is.EqualTo(setupRuns), error.Result);
            Assert.That(output.Result, Does.EndWith("0 passed, 0 failed\n"));
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Executable(string path, string text)
    {
        File.WriteAllText(path, text);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static string Which(string tool) =>
        new[] { "/usr/bin", "/bin" }.Select(dir => Path.Combine(dir, tool)).First(File.Exists);

    [GeneratedRegex(@"dotnet run[^`\n#]*")]
    private static partial Regex DotnetRun();

    [GeneratedRegex(@"dotnet (run|test|build)[^`\n#]*")]
    private static partial Regex DotnetCommand();
}
