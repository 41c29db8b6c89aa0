using System.Globalization;
using KvService.Harness;
using KvService.Scenarios;
using Spectre.Console;

namespace KvService.Cli;

/// <summary>
/// The words and pieces every command prints with: numbers and plurals, durations, quoted paths, the console over a
/// writer, the output folder's check, the list of a failure's artifacts, the replay command and the summary table of a sweep.
/// </summary>
internal static class CliText
{
    /// <summary>Why <paramref name="folder"/> cannot take the artifacts (a file, or a folder that cannot be created or
    /// written); null if it can.</summary>
    internal static string? OutputProblem(string folder)
    {
        string full;
        try
        {
            full = Path.GetFullPath(folder);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{folder}' is not a folder name: {e.Message}";
        }
        if (File.Exists(full)) return $"'{folder}' is a file. Name a folder (it is created if it does not exist).";
        // The nearest folder that exists must be a folder we can write in.
        var existing = full;
        while (!Directory.Exists(existing))
        {
            var parent = Path.GetDirectoryName(existing);
            if (parent is null) return $"'{folder}' cannot be created: no part of its path exists.";
            if (File.Exists(parent)) return $"'{folder}' cannot be created: '{parent}' is a file.";
            existing = parent;
        }
        var probe = Path.Combine(existing, $".labrpc-write-test-{Environment.ProcessId}");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return $"'{folder}' cannot be written: {e.Message}";
        }
    }

    /// <summary>The lines that name a failure's artifacts and what each holds.</summary>
    internal static IEnumerable<string> ArtifactList(ArtifactPaths paths)
    {
        yield return $"Artifacts in {Relative(paths.Folder)}:";
        yield return $"  {Path.GetFileName(paths.Summary)}    the verdict and the replay command";
        if (paths.Diagram is not null) yield return $"  {Path.GetFileName(paths.Diagram)}   the run as a message diagram: step through it with the arrow keys (open in a browser)";
        yield return $"  {Path.GetFileName(paths.Picture)}  the history drawn, with the longest linearizable prefix and every violation (open in a browser)";
        yield return $"  {Path.GetFileName(paths.History)}   the history as text ({Cli} lincheck <file>)";
        yield return $"  {Path.GetFileName(paths.Log)}       the run's log: virtual time and node on every line";
        yield return $"  {Path.GetFileName(paths.Scenario)}  the scenario, to replay or edit";
    }

    /// <summary>What the replay command promises, for a run that is or is not <paramref name="nondeterministic"/>.</summary>
    internal static string ReplayHeading(bool nondeterministic) => nondeterministic
        ? "Replay it (the implementation is nondeterministic: a replay runs the same scenario, but may not give the same trace hash):"
        : "Replay it exactly (same trace hash):";

    /// <summary>How to run the commands from the repository's root, with the configuration the scripts use.</summary>
    internal const string Cli = "dotnet run -c Release --project KvService --";

    /// <summary>The command that replays the scenario file at <paramref name="scenarioPath"/> (the file names the
    /// implementation), from any folder: scripts/replay.sh by its absolute path, or this program by its own.</summary>
    public static string ReplayCommandLine(string scenarioPath)
    {
        ArgumentNullException.ThrowIfNull(scenarioPath);
        var file = Path.GetFullPath(scenarioPath);
        return RepositoryRoot() is { } root
            ? $"{Quote(Path.Combine(root, "scripts", "replay.sh"))} {Quote(file)}"
            : $"dotnet {Quote(Path.Combine(AppContext.BaseDirectory, "KvService.dll"))} replay {Quote(file)}";
    }

    /// <summary>How to run this program: from the repository it was built in, or by its own path.</summary>
    internal static string Program() => RepositoryRoot() is { } root
        ? $"dotnet run -c Release --project {Quote(Path.Combine(root, "KvService"))} --"
        : $"dotnet {Quote(Path.Combine(AppContext.BaseDirectory, "KvService.dll"))}";

    /// <summary>The repository this program was built in (the folder with scripts/replay.sh above its own), if any.</summary>
    internal static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "scripts", "replay.sh")) && Directory.Exists(Path.Combine(dir.FullName, "KvService")))
                return dir.FullName;
        }
        return null;
    }

    /// <summary>How an implementation was named: the option, else <c>LABRPC_KV_IMPL</c>, else "reference"; an assembly
    /// file's path made absolute, so that the name works from any folder.</summary>
    internal static string Spec(string? option)
    {
        var spec = !string.IsNullOrWhiteSpace(option) ? option.Trim()
            : Environment.GetEnvironmentVariable(KvImplementations.EnvironmentVariable) is { } env && !string.IsNullOrWhiteSpace(env) ? env.Trim()
            : "reference";
        int colon = spec.LastIndexOf(':');
        return colon > 0 && spec[..colon].EndsWith(".dll", StringComparison.OrdinalIgnoreCase)
            ? Path.GetFullPath(spec[..colon]) + spec[colon..]
            : spec;
    }

    /// <summary>The summary table of a sweep.</summary>
    public static Table Summary<TVerdict>(Labs.SweepResult<TVerdict> result) where TVerdict : class
    {
        ArgumentNullException.ThrowIfNull(result);
        var t = result.Totals;
        var table = new Table().HideHeaders().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("scenarios", N(result.Scenarios));
        table.AddRow("operations", N(t.Operations));
        table.AddRow("RPCs", N(t.Rpcs));
        table.AddRow("faults injected", $"{N(t.FaultsInjected)} ({Plural(t.FaultsInjected - t.Crashes, "network fault window")}, {Plural(t.Crashes, "server crash", "server crashes")})");
        table.AddRow("messages dropped", N(t.Drops));
        table.AddRow("requests duplicated", N(t.Duplicates));
        table.AddRow("violations", result.Failed == 0 ? "[green]0[/]" : $"[red]{N(result.Failed)}[/] scenario{(result.Failed == 1 ? "" : "s")}");
        if (result.Unknown > 0) table.AddRow("unknown", $"[yellow]{Plural(result.Unknown, "scenario")}[/] (the checker could not decide)");
        table.AddRow("run twice", $"{Plural(result.Repeated, "scenario")}, {(result.Nondeterministic == 0 ? "all replayed the same" : $"[red]{N(result.Nondeterministic)} differed[/]")}");
        table.AddRow("simulated time", Seconds(t.SimulatedTime));
        table.AddRow("wall time", $"{Seconds(result.WallTime)} ({N((int)(result.Scenarios / Math.Max(result.WallTime.TotalSeconds, 1e-9)))} scenarios/s, " +
            $"{N((int)(t.SimulatedTime.TotalSeconds / Math.Max(result.WallTime.TotalSeconds, 1e-9)))} simulated s per s)");
        return table;
    }

    /// <summary>A console over <paramref name="writer"/>: the terminal itself when it is the standard output; otherwise plain
    /// text, and lines not wrapped at 80 columns (a file or a pipe has no width).</summary>
    internal static IAnsiConsole ConsoleFor(TextWriter writer)
    {
        if (ReferenceEquals(writer, Console.Out) && !Console.IsOutputRedirected) return AnsiConsole.Console;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(writer),
            Ansi = AnsiSupport.No,
            ColorSystem = ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        console.Profile.Width = 1000;
        return console;
    }

    internal static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    internal static string Quote(string text) => text.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '\\' or ';' or '&' or '|' or '*' or '?')
        ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : text;

    internal static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 scenario", "2 scenarios", "1,000 scenarios".</summary>
    internal static string Plural(int n, string one, string? many = null) => $"{N(n)} {(n == 1 ? one : many ?? one + "s")}";

    internal static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds >= 100 ? "N0" : "0.00", CultureInfo.InvariantCulture) + " s";
}
