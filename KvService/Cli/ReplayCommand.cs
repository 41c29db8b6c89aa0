using System.CommandLine;
using KvService.Contract;
using KvService.Scenarios;
using LabRpc;

namespace KvService.Cli;

/// <summary>
/// <c>replay &lt;scenario.json&gt;</c>: runs a saved scenario again, exactly, against the implementation the file names
/// (or another), prints the verdict and the trace hash, and says whether the hash is the one the file recorded.
/// Exit code 0: passed; 1: a violation; 2: unreadable file or unknown implementation; 3: a different trace hash.
/// </summary>
public static class ReplayCommand
{
    /// <summary>Exit code when the replayed run passed.</summary>
    public const int Passed = 0;

    /// <summary>Exit code when the replayed run has a violation (with the recorded trace hash, if any).</summary>
    public const int Violation = 1;

    /// <summary>Exit code for an unreadable scenario file or an implementation that cannot be loaded.</summary>
    public const int Unreadable = 2;

    /// <summary>Exit code when the run ended with another trace hash than the file recorded: not the same run.</summary>
    public const int DifferentRun = 3;

    /// <summary>The <c>replay</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("scenario.json") { Description = "A scenario file, as check writes it (or one written by hand)." };
        var impl = new Option<string?>("--impl", "-i")
        {
            Description = "Run against this implementation instead of the one the file names ('reference', a type name, or path/to/Assembly.dll:Namespace.Type).",
            HelpName = "impl",
        };
        var output = new Option<DirectoryInfo?>("--out", "-o") { Description = "Also write the artifacts (picture, history, log, scenario) to this folder.", HelpName = "folder" };
        var log = new Option<bool>("--log") { Description = "Print the run's log (virtual time and node on every line)." };
        var command = new Command("replay", "Replay a saved fault scenario exactly and check that it is the same run (same trace hash). " +
            "Exit code 0: passed; 1: a violation; 2: unreadable file or unknown implementation; 3: a different trace hash (not the same run).") { file, impl, output, log };
        command.SetAction(parse => Run(parse.GetRequiredValue(file), parse.GetValue(impl), parse.GetValue(output)?.FullName, parse.GetValue(log),
            parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Replays <paramref name="file"/> against the implementation <paramref name="implementation"/> names (the file's if null).</summary>
    public static int Run(FileInfo file, string? implementation, string? output, bool printLog, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(console);
        ScenarioFile saved;
        IKvImplementation resolved;
        try
        {
            saved = ScenarioFile.Read(file.FullName);
            resolved = KvImplementations.Resolve(implementation ?? saved.Implementation ?? "reference");
        }
        catch (Exception e) when (e is ScenarioFileException or KvImplementationException)
        {
            console.WriteLine(e.Message);
            return Unreadable;
        }
        return Run(saved, resolved, output, printLog, console, implementation);
    }

    /// <summary>Replays <paramref name="saved"/> against <paramref name="implementation"/>; returns the exit code.</summary>
    public static int Run(ScenarioFile saved, IKvImplementation implementation, string? output, bool printLog, TextWriter console, string? implementationSpec = null)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(console);
        var verdict = ScenarioRunner.Run(saved.Scenario, implementation, RunOptions.Diagnostic);
        console.WriteLine($"Replaying against {implementation.Name}.");
        if (printLog) console.Write(verdict.Log);
        console.WriteLine(verdict.Describe());
        if (output is not null)
        {
            var paths = Artifacts.Write(verdict, output, implementation: implementationSpec ?? saved.Implementation);
            console.WriteLine($"Artifacts in {paths.Folder}");
        }
        if (saved.TraceHash is { } recorded)
        {
            if (!string.Equals(recorded, verdict.TraceHashText, StringComparison.OrdinalIgnoreCase))
            {
                console.WriteLine($"Trace hash {verdict.TraceHashText} DIFFERS from the recorded {recorded}: this is not the same run. " +
                    "Was the implementation or LabRpc changed since, or is the implementation not deterministic: a real timer " +
                    "(Task.Delay or a timeout without sim.Time), a Thread, an unseeded Random, DateTime.Now, a static left over " +
                    "from an earlier run?" + (new SimulationOptions().StrictEscapeDetection ? "" :
                    $" Strict escape detection is off: unset {SimulationOptions.StrictEscapesVariable} to find work queued to the thread pool."));
                return DifferentRun;
            }
            console.WriteLine($"Trace hash {verdict.TraceHashText} matches the recorded one: the same run, replayed exactly.");
        }
        else
        {
            console.WriteLine($"Trace hash {verdict.TraceHashText} (the file records none to compare with).");
        }
        return verdict.Passed ? Passed : Violation;
    }
}
