using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using KvService.Contract;
using KvService.Scenarios;
using Spectre.Console;

namespace KvService.Cli;

/// <summary>
/// <c>check</c>: the project's main job. Runs a sweep of generated fault scenarios against a KV implementation (the
/// reference one unless named), shows progress, then a summary table. On a violation it shrinks the first failing
/// scenario, writes the artifacts to a folder it names, prints the command that replays it, and exits with 1.
/// </summary>
public static class CheckCommand
{
    /// <summary>Exit code when every scenario passed.</summary>
    public const int Passed = 0;

    /// <summary>Exit code when a scenario failed.</summary>
    public const int Violation = 1;

    /// <summary>Exit code for a bad option or an implementation that cannot be loaded.</summary>
    public const int Usage = 2;

    private const string Help = """
        Run a sweep of fault scenarios against a KV implementation and judge each run: linearizable, at-most-once, live.

        A scenario is a seed, a workload (clients x operations on keys, a mix of Get, Put and Append) and a schedule of
        faults on virtual time: an unreliable network, long reordering, other drop and delay rates, duplicated requests,
        clients cut off, server crashes at exact moments (idle, on a request's arrival, after executing it, after its
        reply left) with a restart from the persister. When the schedule ends the network heals and every operation must
        finish. Each run is checked for linearizability, at-most-once (an appended token appears at most once, and an
        acknowledged one exactly once at the end) and liveness.

        On a violation the first failing scenario is shrunk (fewer clients, operations, keys and faults, shorter windows,
        same seed), its artifacts are written to a folder (history picture, history, log, scenario file) and the command
        that replays it exactly is printed; the exit code is then 1. 0: every scenario passed. 2: bad option or implementation.

        Examples:
          check                                 200 scenarios against the reference implementation
          check -n 5000 -s 7                    a longer sweep, other scenarios
          check --impl path/to/MyKv.dll:My.Kv   your implementation (a class implementing IKvImplementation)
          check --faults crash --clients 1-2    only crashes, small scenarios
        """;

    /// <summary>The <c>check</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var scenarios = new Option<int>("--scenarios", "-n")
        {
            Description = "How many scenarios to run.",
            HelpName = "n",
            DefaultValueFactory = _ => new SweepOptions().Scenarios,
            Validators = { r => { if (r.GetValueOrDefault<int>() < 1) r.AddError("--scenarios must be at least 1."); } },
        };
        var seed = new Option<ulong>("--seed", "-s")
        {
            Description = "The sweep's seed: the same seed runs the same scenarios.",
            HelpName = "seed",
            DefaultValueFactory = _ => SweepOptions.DefaultSeed,
        };
        var impl = new Option<string?>("--impl", "-i")
        {
            Description = $"The implementation to check: 'reference', a type name, or path/to/Assembly.dll:Namespace.Type. Default: ${KvImplementations.EnvironmentVariable}, else the reference.",
            HelpName = "impl",
        };
        var faults = new Option<FaultKinds?>("--faults", "-f")
        {
            Description = "Which faults to inject: all, network, crash, none, or a list of unreliable, reordering, drops, duplicates, isolation, crash (e.g. unreliable,crash). [default: all]",
            HelpName = "mix",
            CustomParser = r => ParseFaults(r.Tokens[0].Value) is { } k ? k : Fail<FaultKinds>(r, $"'{r.Tokens[0].Value}' is not a fault mix (try all, network, crash, none or unreliable,crash)."),
        };
        var space = ScenarioSpace.Default;
        var clients = RangeOption("--clients", "Clients per scenario", space.Clients, 1);
        var ops = RangeOption("--ops", "Operations per client", space.OperationsPerClient, 1);
        var keys = RangeOption("--keys", "Keys per scenario", space.Keys, 1);
        var events = RangeOption("--fault-events", "Fault events per scenario", space.FaultEvents, 0);
        var output = new Option<DirectoryInfo?>("--out", "-o")
        {
            HelpName = "folder",
            Description = "Where to write a failure's artifacts. Default: failures/<implementation>-<scenario seed> in the current folder.",
        };
        var parallel = new Option<int?>("--parallel", "-p")
        {
            Description = "Scenarios run at once (each in its own simulation: the results do not depend on it). Default: one per processor.",
            HelpName = "n",
            Validators = { r => { if (r.GetValueOrDefault<int?>() < 1) r.AddError("--parallel must be at least 1."); } },
        };
        var noShrink = new Option<bool>("--no-shrink") { Description = "Report the first failing scenario as it was generated, without shrinking it." };

        var command = new Command("check", Help)
        {
            scenarios, seed, impl, faults, clients, ops, keys, events, output, parallel, noShrink,
        };
        command.SetAction(parse =>
        {
            var settings = new CheckSettings
            {
                Sweep = new SweepOptions
                {
                    Scenarios = parse.GetValue(scenarios),
                    Seed = parse.GetValue(seed),
                    Parallelism = parse.GetValue(parallel) ?? Environment.ProcessorCount,
                    Space = new ScenarioSpace
                    {
                        Clients = parse.GetValue(clients),
                        OperationsPerClient = parse.GetValue(ops),
                        Keys = parse.GetValue(keys),
                        FaultEvents = parse.GetValue(events),
                        Faults = parse.GetValue(faults) ?? FaultKinds.All,
                    },
                },
                Implementation = parse.GetValue(impl),
                Output = parse.GetValue(output)?.FullName,
                Shrink = !parse.GetValue(noShrink),
            };
            return Run(settings, ConsoleFor(parse.InvocationConfiguration.Output));
        });
        return command;
    }

    /// <summary>Runs the check and reports to <paramref name="console"/>; returns the exit code.</summary>
    public static int Run(CheckSettings settings, IAnsiConsole console)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(console);
        IKvImplementation implementation;
        try
        {
            implementation = KvImplementations.Resolve(settings.Implementation);
        }
        catch (KvImplementationException e)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        var sweep = settings.Sweep;
        var space = sweep.Space;
        console.MarkupLine($"Checking [bold]{Markup.Escape(implementation.Name)}[/] with {sweep.Scenarios} fault scenarios, seed {sweep.Seed}: " +
            $"faults {Markup.Escape(Describe(space.Faults))}; {space.Clients} clients × {space.OperationsPerClient} operations on {space.Keys} keys; " +
            $"{space.FaultEvents} fault events each.");

        SweepResult result = null!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("Scenarios", maxValue: sweep.Scenarios);
                result = ScenarioSweep.Run(implementation, sweep, _ => task.Increment(1));
            });
        console.Write(Summary(result));

        if (result.FirstFailure is not { } failure)
        {
            console.MarkupLine($"[green]All {result.Scenarios} scenarios passed.[/]");
            return Passed;
        }
        if (result.StoppedBlocked)
        {
            console.MarkupLine($"[red]Stopped after {result.Scenarios} of {sweep.Scenarios} scenarios: scenario {result.FirstFailureIndex} " +
                $"({Markup.Escape(failure.Scenario.Summary())}) blocked the simulation's thread.[/]");
        }
        else
        {
            console.MarkupLine($"[red]{result.Failed} of {result.Scenarios} scenarios failed.[/] The first is scenario {result.FirstFailureIndex} " +
                $"({Markup.Escape(failure.Scenario.Summary())}): {Markup.Escape(failure.Headline)}.");
        }
        Report(settings, implementation, failure, console);
        return Violation;
    }

    /// <summary>Shrinks the failure, writes its artifacts and prints what happened and how to replay it.</summary>
    private static void Report(CheckSettings settings, IKvImplementation implementation, Verdict failure, IAnsiConsole console)
    {
        var scenario = failure.Scenario;
        var notes = new List<string>();
        var run = settings.Sweep.Run;
        if (failure.Blocked)
        {
            // Each try of a blocking implementation can wait StallTimeout of real time: a shrink would take hours.
            var line = $"Not shrunk: the implementation blocked the simulation's thread, and every try could wait up to " +
                $"{Seconds(run.StallTimeout)} of real time. Await instead of blocking (the message below names the node and the virtual time where the run stood).";
            console.WriteLine(line);
            notes.Add(line);
        }
        else if (settings.Shrink)
        {
            var watch = Stopwatch.StartNew();
            ShrinkResult shrunk = null!;
            console.Status().Start("Shrinking the failing scenario...", _ =>
                shrunk = Shrinker.Shrink(failure, implementation, run));
            scenario = shrunk.Scenario;
            var line = $"Shrunk in {shrunk.Steps} steps ({shrunk.Runs} runs, {Seconds(watch.Elapsed)}) from {shrunk.Original.Summary()}.";
            console.WriteLine(line);
            notes.Add(line);
        }
        var verdict = ScenarioRunner.Run(scenario, implementation, run with { CaptureLog = true, ComputeLinearizations = true });
        verdict = DeterminismCheck.Carry(failure, verdict, implementation, run);
        var plain = failure.Blocked ? verdict : ScenarioRunner.Run(scenario, implementation, run);
        if (plain.TraceHash != verdict.TraceHash || plain.Passed != verdict.Passed)
        {
            var warning = $"Warning: two runs of this scenario differ (trace hash {plain.TraceHashText} and {verdict.TraceHashText}): " +
                "the implementation is not deterministic (a thread, a real timer, an unseeded random number, a static left over from an earlier run?).";
            console.MarkupLine($"[yellow]{Markup.Escape(warning)}[/]");
            notes.Add(warning);
        }

        // The scenario file names the implementation as it was given, so that replay finds it again by itself.
        var spec = Spec(settings.Implementation);
        var folder = settings.Output ?? Path.Combine("failures", $"{Safe(implementation.Name)}-{scenario.Seed}");
        var replay = ReplayCommandLine(Path.GetFullPath(Path.Combine(folder, "scenario.json")));
        notes.Add("Replay: " + replay);
        var paths = Artifacts.Write(verdict, folder, string.Join("\n", notes), spec);

        console.WriteLine();
        console.WriteLine(verdict.Describe());
        console.WriteLine();
        console.WriteLine($"Artifacts in {Relative(paths.Folder)}:");
        console.WriteLine($"  {Path.GetFileName(paths.Summary)}    the verdict and the replay command");
        console.WriteLine($"  {Path.GetFileName(paths.Picture)}  the history drawn, with the longest linearizable prefix (open in a browser)");
        console.WriteLine($"  {Path.GetFileName(paths.History)}   the history as text (dotnet run --project KvService -- lincheck <file>)");
        console.WriteLine($"  {Path.GetFileName(paths.Log)}       the run's log: virtual time and node on every line");
        console.WriteLine($"  {Path.GetFileName(paths.Scenario)}  the scenario, to replay or edit");
        console.MarkupLine("Replay it exactly (same trace hash):");
        console.WriteLine("  " + replay);
    }

    /// <summary>The command that replays the scenario file at <paramref name="scenarioPath"/> (the file names the implementation).</summary>
    public static string ReplayCommandLine(string scenarioPath) => $"scripts/replay.sh {Quote(Relative(scenarioPath))}";

    /// <summary>How an implementation was named: the option, else <c>LABRPC_KV_IMPL</c>, else "reference".</summary>
    internal static string Spec(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option.Trim()
        : Environment.GetEnvironmentVariable(KvImplementations.EnvironmentVariable) is { Length: > 0 } env && !string.IsNullOrWhiteSpace(env) ? env.Trim()
        : "reference";

    /// <summary>Reads a fault mix: all, network, crash, none, or a comma-separated list of kinds; null if it is none of these.</summary>
    public static FaultKinds? ParseFaults(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kinds = FaultKinds.None;
        foreach (var word in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            FaultKinds? kind = word.ToLowerInvariant() switch
            {
                "all" => FaultKinds.All,
                "network" => FaultKinds.Network,
                "none" => FaultKinds.None,
                "unreliable" => FaultKinds.Unreliable,
                "reordering" => FaultKinds.LongReordering,
                "drops" or "delays" => FaultKinds.DropsAndDelays,
                "duplicates" => FaultKinds.Duplicates,
                "isolation" => FaultKinds.ClientIsolation,
                "crash" or "crashes" => FaultKinds.Crash,
                _ => null,
            };
            if (kind is null) return null;
            kinds |= kind.Value;
        }
        return kinds;
    }

    /// <summary>The summary table of a sweep.</summary>
    public static Table Summary(SweepResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var t = result.Totals;
        var table = new Table().HideHeaders().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.AddRow("scenarios", N(result.Scenarios));
        table.AddRow("operations", N(t.Operations));
        table.AddRow("RPCs", N(t.Rpcs));
        table.AddRow("faults injected", $"{N(t.FaultsInjected)} ({N(t.FaultsInjected - t.Crashes)} network fault windows, {N(t.Crashes)} server crashes)");
        table.AddRow("messages dropped", N(t.Drops));
        table.AddRow("requests duplicated", N(t.Duplicates));
        table.AddRow("violations", result.Failed == 0 ? "[green]0[/]" : $"[red]{N(result.Failed)}[/] scenarios");
        if (result.Unknown > 0) table.AddRow("unknown", $"[yellow]{N(result.Unknown)}[/] scenarios (the checker could not decide)");
        table.AddRow("run twice", $"{N(result.Repeated)} scenarios, {(result.Nondeterministic == 0 ? "all replayed the same" : $"[red]{N(result.Nondeterministic)} differed[/]")}");
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

    private static Option<IntRange> RangeOption(string name, string what, IntRange fallback, int lowest) => new(name)
    {
        Description = $"{what}: a number, or a range to draw from (e.g. {fallback.Max} or {fallback}).",
        HelpName = "n|min-max",
        DefaultValueFactory = _ => fallback,
        CustomParser = r => IntRange.Parse(r.Tokens[0].Value, lowest) is { } range
            ? range
            : Fail<IntRange>(r, $"'{r.Tokens[0].Value}' is not a number or range of at least {lowest} (try {fallback.Max} or {fallback})."),
    };

    private static T Fail<T>(ArgumentResult result, string message)
    {
        result.AddError(message);
        return default!;
    }

    private static string Describe(FaultKinds kinds) => kinds switch
    {
        FaultKinds.All => "all",
        FaultKinds.Network => "network only",
        FaultKinds.None => "none",
        _ => kinds.ToString(),
    };

    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    private static string Quote(string text) => text.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '\\' or ';' or '&' or '|' or '*' or '?')
        ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : text;

    private static string Safe(string name) => string.Concat(name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds >= 100 ? "N0" : "0.00", CultureInfo.InvariantCulture) + " s";
}
