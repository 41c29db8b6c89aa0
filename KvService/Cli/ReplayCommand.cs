using System.CommandLine;
using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Implementations;
using KvService.PrimaryBackup.Scenarios;
using KvService.Scenarios;
using LabRpc;

namespace KvService.Cli;

/// <summary>
/// <c>replay &lt;scenario.json&gt;</c>: runs a saved scenario again, exactly, against the implementation the file names
/// (or another), prints the verdict and the trace hash, and says whether the hash is the one the file recorded. A KV
/// scenario (<see cref="ScenarioFile"/>) runs against a KV implementation, a primary/backup one (<see cref="PbScenarioFile"/>,
/// told apart by its format) against a primary/backup implementation.
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
            Description = "A scenario file, as check or check --service pb writes it (or one written by hand); its format says which service it is for.",
            CustomParser = r => OptionParsers.ParsePath(r, "scenario.json", "file")!,
        };
        var impl = OptionParsers.Implementation(
            "Run against this implementation instead of the one the file names ('reference', a type name, or path/to/Assembly.dll:Namespace.Type; " +
            "for a primary/backup file also path/to/Assembly.dll:Namespace.Type.Property).");
        var output = OptionParsers.PathOption("--out", "-o", "Also write the artifacts (picture, history, log, scenario) to this folder.", "folder");
        var log = new Option<bool>("--log") { Description = "Print the run's log (virtual time and node on every line)." };
        var checkTimeout = OptionParsers.CheckTimeout();
        var command = new Command("replay", "Replay a saved fault scenario (a KV one, or a primary/backup one from check --service pb) exactly and check " +
            "that it is the same run (same trace hash). " + ExitCodes)
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
        string json;
        try
        {
            json = StrictJson.ReadText(file.FullName);
        }
        catch (ScenarioFileException e)
        {
            console.WriteLine(e.Message);
            return Unreadable;
        }
        if (PbScenarioFile.Holds(json)) return RunPrimaryBackup(json, file, implementation, output, printLog, console, checkTimeout);
        ScenarioFile saved;
        IKvImplementation resolved;
        try
        {
            saved = ScenarioFile.FromJson(json, file.FullName);
            resolved = implementation is not null ? KvImplementations.Resolve(implementation)
                : KvImplementations.Resolve(saved.Implementation ?? "reference", $"the \"implementation\" of {file.FullName}");
        }
        catch (Exception e) when (e is ScenarioFileException or KvImplementationException)
        {
            console.WriteLine(e is KvImplementationException && implementation is not null && Resolves(() => PbImplementations.Resolve(implementation))
                ? $"{file.FullName} is a key/value scenario file, but --impl {implementation} names a primary/backup implementation. " +
                  "Name a KV implementation, or leave --impl out to run the one the file names."
                : e.Message);
            return Unreadable;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Unreadable;
        }
        return Run(saved, resolved, output, printLog, console, implementation is null ? null : CliText.Spec(implementation), checkTimeout);
    }

    /// <summary>Replays <paramref name="saved"/> against <paramref name="implementation"/>; returns the exit code.</summary>
    /// <param name="saved">The scenario file.</param>
    /// <param name="implementation">The implementation to run.</param>
    /// <param name="output">A folder to write the artifacts to, or null.</param>
    /// <param name="printLog">Print the run's log.</param>
    /// <param name="console">Where to report.</param>
    /// <param name="implementationSpec">How --impl named the implementation, if it is not the one the file names: a written scenario file names it so, and the trace hash is not compared (another run).</param>
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
        return Finish(verdict.Passed, verdict.Failed, output, folder => Artifacts.Write(verdict, folder, implementation: implementationSpec ?? saved.Implementation),
            saved.TraceHash, verdict.TraceHashText, saved.Implementation, implementationSpec, console);
    }

    /// <summary>Replays a primary/backup scenario file's text <paramref name="json"/> (read from <paramref name="file"/>).</summary>
    private static int RunPrimaryBackup(string json, FileInfo file, string? implementation, string? output, bool printLog, TextWriter console, TimeSpan? checkTimeout)
    {
        PbScenarioFile saved;
        IPbImplementation resolved;
        try
        {
            saved = PbScenarioFile.FromJson(json, file.FullName);
            resolved = implementation is not null ? PbImplementations.Resolve(implementation) : ResolveNamedBy(saved, file);
        }
        catch (Exception e) when (e is ScenarioFileException or KvImplementationException)
        {
            console.WriteLine(e is KvImplementationException && implementation is not null && Resolves(() => KvImplementations.Resolve(implementation))
                ? $"{file.FullName} is a primary/backup scenario file, but --impl {implementation} names a key/value implementation. " +
                  "Name a primary/backup implementation, or leave --impl out to run the one the file names."
                : e.Message);
            return Unreadable;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Unreadable;
        }
        return Run(saved, resolved, output, printLog, console, implementation is null ? null : CliText.Spec(implementation), checkTimeout);
    }

    /// <summary>Whether <paramref name="resolve"/> finds an implementation (of the other service, for a message).</summary>
    private static bool Resolves(Func<object> resolve)
    {
        try
        {
            resolve();
            return true;
        }
        catch (KvImplementationException)
        {
            return false;
        }
    }

    /// <summary>The primary/backup implementation the file names; a message that says the name came from the file.</summary>
    private static IPbImplementation ResolveNamedBy(PbScenarioFile saved, FileInfo file)
    {
        try
        {
            return PbImplementations.Resolve(saved.Implementation ?? "reference");
        }
        catch (KvImplementationException e)
        {
            throw new KvImplementationException($"{e.Message} (named by the \"implementation\" of {file.FullName}; give another with --impl)", e);
        }
    }

    /// <summary>Replays the primary/backup scenario <paramref name="saved"/> against <paramref name="implementation"/>; returns
    /// the exit code, as for a KV scenario.</summary>
    /// <param name="saved">The scenario file.</param>
    /// <param name="implementation">The implementation to run.</param>
    /// <param name="output">A folder to write the artifacts to, or null.</param>
    /// <param name="printLog">Print the run's log.</param>
    /// <param name="console">Where to report.</param>
    /// <param name="implementationSpec">How --impl named the implementation, if it is not the one the file names: a written scenario file names it so, and the trace hash is not compared (another run).</param>
    /// <param name="checkTimeout">The linearizability checker's time limit; null: none.</param>
    public static int Run(PbScenarioFile saved, IPbImplementation implementation, string? output, bool printLog, TextWriter console, string? implementationSpec = null,
        TimeSpan? checkTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(saved);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(console);
        var verdict = PbScenarioRunner.Run(saved.Scenario, implementation, PbRunOptions.Diagnostic with { CheckTimeout = checkTimeout });
        console.WriteLine($"Replaying a primary/backup scenario against {implementation.Name}.");
        if (printLog) console.Write(verdict.Log);
        console.WriteLine(verdict.Describe());
        return Finish(verdict.Passed, verdict.Failed, output, folder => PbArtifacts.Write(verdict, folder, implementation: implementationSpec ?? saved.Implementation),
            saved.TraceHash, verdict.TraceHashText, saved.Implementation, implementationSpec, console);
    }

    /// <summary>What a replay ends with, for either service: the exit code for the verdict, the artifacts written to
    /// <paramref name="output"/> (if given) and the trace hash compared with the file's (<see cref="CompareHash"/>).</summary>
    private static int Finish(bool passed, bool failed, string? output, Func<string, ArtifactPaths> writeArtifacts,
        string? recordedHash, string actualHash, string? recordedAgainst, string? runAgainst, TextWriter console)
    {
        var exit = passed ? Passed : failed ? Violation : Unknown;
        if (output is not null)
        {
            try
            {
                foreach (var line in CliText.ArtifactList(writeArtifacts(output))) console.WriteLine(line);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.WriteLine($"The artifacts could not be written to {Path.GetFullPath(output)}: {e.Message}");
                exit = Unreadable;
            }
        }
        return CompareHash(recordedHash, actualHash, recordedAgainst, runAgainst, console) ? exit : DifferentRun;
    }

    /// <summary>Compares the run's trace hash with the one the file recorded (if any) and says so; false if they differ. A
    /// run against another implementation than the file names (<paramref name="runAgainst"/>, from --impl) is another
    /// run: its hash is not compared.</summary>
    private static bool CompareHash(string? recorded, string actual, string? recordedAgainst, string? runAgainst, TextWriter console)
    {
        if (recorded is null)
        {
            console.WriteLine($"Trace hash {actual} (the file records none to compare with).");
            return true;
        }
        if (runAgainst is not null && !string.Equals(runAgainst, recordedAgainst ?? "reference", StringComparison.OrdinalIgnoreCase))
        {
            console.WriteLine($"Trace hash {actual} (run against {runAgainst}, not the file's {recordedAgainst ?? "reference"}: another run, so not compared with the recorded {recorded}).");
            return true;
        }
        if (!string.Equals(recorded, actual, StringComparison.OrdinalIgnoreCase))
        {
            console.WriteLine($"Trace hash {actual} DIFFERS from the recorded {recorded}: this is not the same run. " +
                "Was the implementation or LabRpc changed since, or is the implementation not deterministic: a real timer " +
                "(Task.Delay or a timeout without runtime.Time), a Thread, an unseeded Random, DateTime.Now, a static left over " +
                "from an earlier run?" + (new SimulationOptions().StrictEscapeDetection ? "" :
                $" Strict escape detection is off: unset {SimulationOptions.StrictEscapesVariable} to find work queued to the thread pool."));
            return false;
        }
        console.WriteLine($"Trace hash {actual} matches the recorded one: the same run, replayed exactly.");
        return true;
    }
}
