using System.Diagnostics;
using System.Text.RegularExpressions;

namespace LabRpc.Tests.Linearizability;

/// <summary>Loads a page from disk in Debian's chromium, headless, and returns the DOM after its scripts ran and the console lines it logged.</summary>
internal static partial class HeadlessChromium
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(90);

    public sealed record PageLoad(string Dom, IReadOnlyList<string> ConsoleLines, string Log)
    {
        /// <summary>An attribute of the body element, as the page's script left it.</summary>
        public string? BodyAttribute(string name)
        {
            var body = BodyTag().Match(Dom);
            if (!body.Success)
            {
                return null;
            }
            var attribute = Regex.Match(body.Value, $"""\s{Regex.Escape(name)}="([^"]*)" """.TrimEnd());
            return attribute.Success ? attribute.Groups[1].Value : null;
        }
    }

    public static string? Find()
    {
        foreach (var candidate in new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" })
        {
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "chromium"))
            .FirstOrDefault(File.Exists);
    }

    public static PageLoad Load(string htmlPath)
    {
        var chromium = Find();
        if (chromium is null)
        {
            Assert.Fail("chromium is not installed: run scripts/setup.sh (it installs Debian's chromium) to run the browser test.");
        }
        var profile = Directory.CreateTempSubdirectory("chromium-profile-");
        try
        {
            var start = new ProcessStartInfo(chromium!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}", "--enable-logging=stderr", "--v=0",
                "--dump-dom", new Uri(Path.GetFullPath(htmlPath)).AbsoluteUri,
            })
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(Limit))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"chromium did not finish loading {htmlPath} within {Limit.TotalSeconds} s.");
            }
            var log = error.Result;
            var console = log.Split('\n').Where(line => line.Contains(":CONSOLE", StringComparison.Ordinal)).ToList();
            return new PageLoad(output.Result, console, log);
        }
        finally
        {
            try
            {
                profile.Delete(recursive: true);
            }
            catch (IOException)
            {
                // chromium may still hold a lock file for a moment; the temp folder is cleaned up by the system
            }
        }
    }

    [GeneratedRegex("<body[^>]*>")]
    private static partial Regex BodyTag();
}
