using System.CommandLine;
using KvService.Contract;
using KvService.Harness;
using KvService.Scenarios;
using LabRpc;

namespace KvService.Cli;

/// <summary>
/// <c>replay &lt;scenario.json&gt;</c>: runs a saved scenario again, exactly, against the implementation the file names
/// (or another), prints the verdict and the trace hash, and says whether the hash is the one the file recorded.
/// Exit code 0: passed; 1: a violation; 2: bad option, unreadable file or unknown implementation; 3: a different trace hash;
/// 4: unknown (the checker ran out of time, nothing else wrong).
/// </summary>
public static class ReplayCommand
{
    /// <summary>Exit code when the replayed run passed.</summary>
    public const int Passed = 0;

    /// <summary>Exit code when the replayed run has a violation (with the recorded trace hash, if any).</summary>
    public const int Violation = 1;

    /// <summary>Exit code for a bad option, an unreadable scenario file or an implementation that cannot be loaded.</summary>
    public const int Unreadable = 2;

    /// <summary>Exit code when the run ended with another trace hash than the file recorded: not the same run.</summary>
    public const int DifferentRun = 3;

    /// <summary>Exit code when nothing was found wrong but the checker could not decide (its time limit ran out): not a pass.</summary>
    public const int Unknown = 4;

    private const string ExitCodes = "Exit codes: 0 passed; 1 a violation; 2 a bad option, an unreadable file or an implementation that cannot be loaded; " +
        "3 a different trace hash (not the same run); 4 unknown (the checker ran out of time and nothing else was wrong: not a pass).";

    /// <summary>The <c>replay</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("scenario.json")
        {
            Description = "A scenario file, as check writes it (or one written by hand).",
            CustomParser = r => OptionParsers.ParsePath(r, "scenario.json", "file")!,
        };
        var impl = OptionParsers.Implementation(
            "Run against this implementation instead of the one the file names ('reference', a type name, or path/to/Assembly.dll:Namespace.Type).");
        var output = OptionParsers.PathOption("--out", "-o", "Also write the artifacts (picture, history, log, scenario) to this folder.", "folder");
        var log = new Option<bool>("--log") { Description = "Print the run's log (virtual time and node on every line)." };
        var checkTimeout = OptionParsers.CheckTimeout();
        var command = new Command("replay", "Replay a saved fault scenario exactly and check that it is the same run (same trace hash). " + ExitCodes)
        {
            file, impl, output, log, checkTimeout,
        };
        command.SetAction(parse => Run(new FileInfo(parse.GetRequiredValue(file)), parse.GetValue(impl), parse.GetValue(output), parse.GetValue(log),
            parse.InvocationConfiguration.Output, OptionParsers.Limit(parse.GetValue(checkTimeout))));
        return command;
    }

    /// <summary>Replays <paramref name="file"/> against the implementation <paramref name="implementation"/> names (the file's if null).</summary>
    public static int Run(FileInfo file, string? implementation, string? output, bool printLog, TextWriter console, TimeSpan? checkTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(console);
        ScenarioFile saved;
        IKvImplementation resolved;
        try
        {
            saved = ScenarioFile.Read(file.FullName);
            resolved = implementation is not null ? KvImplementations.Resolve(implementation)
                : KvImplementations.Resolve(saved.Implementation ?? "reference", $"the \"implementation\" of {file.FullName}");
        }
        catch (Exception e) when (e is ScenarioFileException or KvImplementationException)
        {
            console.WriteLine(e.Message);
            return Unreadable;
        }
        if (output is not null && CheckCommand.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Unreadable;
        }
        return Run(saved, resolved, output, printLog, console, implementation is null ? null : CheckCommand.Spec(implementation), checkTimeout);
    }

    /// <summary>Replays <paramref name="saved"/> against <paramref name="implementation"/>; returns the exit code.</summary>
    /// <param name="saved">The scenario file.</param>
    /// <param name="implementation">The implementation to run.</param>
    /// <param name="output">A folder to write the artifacts to, or null.</param>
    /// <param name="printLog">Print the run's log.</param>
    /// <param name="console">Where to report.</param>
    /// <param name="implementationSpec">How a written scenario file names the implementation (the saved file's by default).</param>
    /// <param name="checkTimeout">The linearizability checker's time limit; null: none.</param>
    public static int Run(ScenarioFile saved, IKvImplementation implementation, string? output, bool printLog, TextWriter console, string? implementationSpec = null,
        TimeSpan? checkTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(console);
        var verdict = ScenarioRunner.Run(saved.Scenario, implementation, RunOptions.Diagnostic with { CheckTimeout = checkTimeout });
        console.WriteLine($"Replaying against {implementation.Name}.");
        if (printLog) console.Write(verdict.Log);
        console.WriteLine(verdict.Describe());
        var exit = verdict.Passed ? Passed : verdict.Failed ? Violation : Unknown;
        if (output is not null)
        {
            try
            {
                var paths = Artifacts.Write(verdict, output, implementation: implementationSpec ?? saved.Implementation);
                console.WriteLine($"Artifacts in {paths.Folder}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.WriteLine($"The artifacts could not be written to {Path.GetFullPath(output)}: {e.Message}");
                exit = Unreadable;
            }
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
        return exit;
    }
}
