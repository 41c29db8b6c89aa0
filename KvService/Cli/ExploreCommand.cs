using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using KvService.Contract;
using KvService.Exploration;
using KvService.Harness;
using KvService.Scenarios;
using LabRpc.Exploration;

namespace KvService.Cli;

/// <summary>
/// <c>explore</c>: systematic exploration of a small configuration. Every schedule within the bounds is run from the start
/// and judged as <c>check</c> judges a scenario; the command says how many it ran and whether the search was complete. On a
/// violation it writes check's artifacts, the message diagram and a replay file (the choices), and prints the command that
/// replays it. <c>explore --replay file</c> runs a saved schedule again.
/// </summary>
public static class ExploreCommand
{
    /// <summary>Exit code: the search was complete and no schedule failed.</summary>
    public const int Passed = 0;

    /// <summary>Exit code: a schedule failed.</summary>
    public const int Violation = 1;

    /// <summary>Exit code: a bad option, an unreadable replay file, an output folder that cannot be written, or an implementation that cannot be loaded.</summary>
    public const int Usage = 2;

    /// <summary>Exit code of a replay: the run is not the recorded one (another trace hash, or choices that no longer fit).</summary>
    public const int DifferentRun = 3;

    /// <summary>Exit code: nothing failed, but the checker could not decide a run (its time limit ran out): not a pass.</summary>
    public const int Unknown = 4;

    /// <summary>Exit code: nothing failed, but the search stopped short of its bounds (a run or time limit, the depth): not a pass.</summary>
    public const int Incomplete = 5;

    /// <summary>Exit code: interrupted (Ctrl-C) before anything failed.</summary>
    public const int Interrupted = 130;

    private const string Help = """
        Explore every schedule of a small configuration (search, don't sample), and judge each run as check does:
        linearizable, at-most-once on Append tokens, live once the faults stop.

        A schedule is every choice of a run: which node takes the next step, whether each request or reply is dropped,
        whether a request is duplicated (its copy arriving at once or late), whether a reply is held back past later
        messages, and whether the server crashes at each crash point (a request's arrival, its execution, its reply
        leaving, just before and after each persister call; it restarts 200 ms later). Each schedule runs from the
        start. The bounds cut the tree: faults per schedule, crashes, deviations from the default order of nodes, and
        depth. Schedules are walked by increasing cost (faults + deviations), so the first failure is among the smallest.

        The workload is the scenario generator's for the seed: the command prints each client's operations.

        Exit codes: 0 complete, no violation within the bounds; 1 a violation (artifacts written, replay command
        printed); 2 a bad option, unreadable file, unwritable output folder or implementation that cannot be loaded;
        3 (--replay) not the recorded run; 4 unknown (the checker ran out of time on a run); 5 incomplete (a limit was
        hit before the bounds were covered: nothing is known of the rest); 130 interrupted.

        Examples:
          explore                                       2 clients x 2 operations, at most 2 faults, against the reference
          explore --clients 2 --ops 3 --max-faults 1    a longer workload, fewer faults
          explore --impl path/to/MyKv.dll:My.Kv --seed 3
          explore --faults crashes --max-deviations 0   only crashes, the default order of nodes
          explore --replay failures/explore-my-kv-1-2x2/replay.json
        """;

    /// <summary>The <c>explore</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var defaults = new ExplorationConfig();
        var bounds = defaults.Bounds;
        var impl = OptionParsers.Implementation(
            $"The implementation to explore: 'reference', a type name, or path/to/Assembly.dll:Namespace.Type. Default: ${KvImplementations.EnvironmentVariable}, else the reference.");
        var seed = OptionParsers.Seed("Seeds the workload (which operations on which keys) and the client ids.", defaults.Seed);
        var clients = Count("--clients", "Clients, each with its own clerk.", 1, 3, defaults.Clients);
        var ops = Count("--ops", "Operations per client.", 1, 5, defaults.OperationsPerClient);
        var keys = Count("--keys", "Keys.", 1, 3, defaults.Keys);
        var maxFaults = Count("--max-faults", "At most this many faults per schedule (drops, duplicates, held replies, crashes).", 0, 10, bounds.MaxFaults);
        var maxCrashes = Count("--max-crashes", "At most this many of them crashes.", 0, 10, bounds.MaxCrashes);
        var maxDeviations = Count("--max-deviations", "At most this many deviations from the default order of nodes.", 0, 10, bounds.MaxDeviations);
        var maxDepth = Count("--max-depth", "Only the first this many branching points of a run may deviate; a run with more makes the search incomplete.", 0, 100_000, bounds.MaxDepth);
        var maxRuns = Count("--max-runs", "Stop (incomplete) after this many runs.", 1, int.MaxValue, (int)bounds.MaxRuns);
        var timeLimit = new Option<string?>("--time-limit")
        {
            Description = "Stop (incomplete) after this much real time: e.g. 30s, 5m. Default: none.",
            HelpName = "time",
            CustomParser = r =>
            {
                OptionParsers.ParseTimeout(r, "--time-limit", allowNone: false);
                return OptionParsers.Token(r);
            },
        };
        var faults = new Option<ExplorationFaults?>("--faults", "-f")
        {
            Description = $"Which faults may happen: {FaultNames}. [default: all]",
            HelpName = "kinds",
            CustomParser = r => ParseFaults(OptionParsers.Token(r)) is { } f ? f
                : OptionParsers.Fail<ExplorationFaults?>(r, $"--faults: '{OptionParsers.Token(r)}' is not a list of fault kinds. Give {FaultNames}."),
        };
        var reduction = new Option<Reduction>("--reduction")
        {
            Description = "nodes: choose which node steps next, each node taking its tasks in order (default); none: choose among every ready task.",
            HelpName = "nodes|none",
            DefaultValueFactory = _ => Reduction.Nodes,
            CustomParser = r => OptionParsers.Token(r).Trim().ToLowerInvariant() switch
            {
                "nodes" => Reduction.Nodes,
                "none" => Reduction.None,
                var t => OptionParsers.Fail<Reduction>(r, $"--reduction: '{t}' is not a reduction. Give nodes or none."),
            },
        };
        var noDeepening = new Option<bool>("--no-deepening") { Description = "Walk all costs at once instead of cheapest first (fewer runs; the first failure found may be larger)." };
        var output = OptionParsers.PathOption("--out", "-o",
            "Where to write a failure's artifacts. Default: failures/explore-<implementation>-<seed>-<clients>x<ops> in the current folder.", "folder");
        var replay = OptionParsers.PathOption("--replay", "-r", "Run the schedule saved in this replay file (written with a failure) and compare its trace hash.", "file");
        var log = new Option<bool>("--log") { Description = "With --replay: print the run's log." };
        var lab = new Option<string>("--lab")
        {
            Description = "The lab to explore: kv (the KV service), or pb (the primary/backup service: two servers and the view service on an " +
                "unreliable network, every drop and order of nodes the chooser may pick; --faults, --max-crashes, --replay and --log are kv's), " +
                "or raft (three Raft peers, --ops commands, no fault events: every order of nodes the chooser may pick). [default: kv]",
            HelpName = "kv|pb|raft",
            DefaultValueFactory = _ => "kv",
        };
        lab.AcceptOnlyFromAmong("kv", "pb", "raft");

        var command = new Command("explore", Help)
        {
            impl, seed, clients, ops, keys, maxFaults, maxCrashes, maxDeviations, maxDepth, maxRuns, timeLimit, faults, reduction, noDeepening,
            output, replay, log, lab,
        };
        command.SetAction(parse =>
        {
            var console = parse.InvocationConfiguration.Output;
            var run = RunOptions.Default;
            if (parse.GetValue(lab) is "pb" or "raft")
            {
                Option[] kvOnly = [faults, maxCrashes, replay, log];
                if (kvOnly.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList() is { Count: > 0 } given)
                {
                    console.WriteLine($"{string.Join(", ", given)}: for --lab kv only. The primary/backup exploration's faults are the network's drops " +
                        "and the order of nodes; a failure's files hold its choices.");
                    return Usage;
                }
            }
            if (parse.GetValue(replay) is { } file)
                return Replay(file, parse.GetValue(impl), parse.GetValue(output), parse.GetValue(log), console);
            var config = new ExplorationConfig
            {
                Seed = parse.GetValue(seed),
                Clients = parse.GetValue(clients),
                OperationsPerClient = parse.GetValue(ops),
                Keys = parse.GetValue(keys),
                Faults = parse.GetValue(faults) ?? ExplorationFaults.All,
                Bounds = new ExplorationBounds
                {
                    MaxFaults = parse.GetValue(maxFaults),
                    MaxCrashes = parse.GetValue(maxCrashes),
                    MaxDeviations = parse.GetValue(maxDeviations),
                    MaxDepth = parse.GetValue(maxDepth),
                    MaxRuns = parse.GetValue(maxRuns),
                    MaxTime = parse.GetValue(timeLimit) is { } t ? Durations.Parse(t) : null,
                    Reduction = parse.GetValue(reduction),
                    Deepening = !parse.GetValue(noDeepening),
                },
            };
            using var interrupt = new CancellationTokenSource();
            ConsoleCancelEventHandler onCancel = (_, e) =>
            {
                if (interrupt.IsCancellationRequested) return;
                e.Cancel = true;
                interrupt.Cancel();
            };
            Console.CancelKeyPress += onCancel;
            try
            {
                if (parse.GetValue(lab) == "raft") return RunRaft(config, parse.GetValue(impl), parse.GetValue(output), console, interrupt.Token);
                if (parse.GetValue(lab) == "pb") return RunPb(config, parse.GetValue(impl), parse.GetValue(output), console, interrupt.Token);
                return Run(config, parse.GetValue(impl), parse.GetValue(output), console, run, interrupt.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    /// <summary>Explores <paramref name="config"/> against the implementation <paramref name="implementation"/> names and
    /// reports to <paramref name="console"/>; returns the exit code.</summary>
    public static int Run(ExplorationConfig config, string? implementation, string? output, TextWriter console, RunOptions? run = null, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(console);
        IKvImplementation resolved;
        try
        {
            config.Validate();
            resolved = KvImplementations.Resolve(implementation);
        }
        catch (Exception e) when (e is ArgumentException or KvImplementationException)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        console.WriteLine($"Exploring {resolved.Name}: {config.Summary()}.");
        console.WriteLine($"  workload: {config.DescribeWorkload()}");
        console.WriteLine($"  faults: {config.Faults.Describe()}; bounds: {config.Bounds.Describe()}; reduction: {config.Bounds.Reduction.ToString().ToLowerInvariant()}" +
            $"{(config.Bounds.Deepening ? ", cheapest first" : "")}.");
        var result = KvExplorer.Explore(resolved, config, run, cancel);
        var search = result.Search;
        double seconds = search.Elapsed.TotalSeconds;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Schedules: {search.Schedules:N0} judged ({search.Runs:N0} runs with the deepening) in {seconds:0.00} s: {(seconds > 0 ? search.Runs / seconds : 0):N0} runs/s."));
        console.WriteLine(result.Headline());
        if (result.Failure is null)
        {
            if (cancel.IsCancellationRequested) return Interrupted;
            return result.Passed ? Passed : !search.Complete ? Incomplete : Unknown;
        }
        Report(result, config, CliText.Spec(implementation), output, console);
        return Violation;
    }

    /// <summary><c>explore --lab pb</c>: the primary/backup lab on the harness's explorer; returns the exit code.</summary>
    public static int RunPb(ExplorationConfig config, string? implementation, string? output, TextWriter console, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(console);
        Contract.PrimaryBackup.IPbImplementation resolved;
        try
        {
            config.Validate();
            resolved = PrimaryBackup.Implementations.PbImplementations.Resolve(implementation);
        }
        catch (Exception e) when (e is ArgumentException or KvImplementationException)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        // No time limit on the checker: an exploration's history is tiny.
        var lab = new PrimaryBackup.Scenarios.PbLab(resolved, PrimaryBackup.Scenarios.PbRunOptions.Default with { CheckTimeout = null });
        var spec = string.IsNullOrWhiteSpace(implementation) ? "reference" : CliText.Spec(implementation);
        return LabExplore.Run(lab, lab.ExplorationScenario(config.Seed, config.Clients, config.OperationsPerClient, config.Keys), config.Bounds, spec, output, console, cancel);
    }

    /// <summary><c>explore --lab raft</c>: three Raft peers and <see cref="ExplorationConfig.OperationsPerClient"/> commands, no
    /// fault events, on the harness's explorer; returns the exit code.</summary>
    public static int RunRaft(ExplorationConfig config, string? implementation, string? output, TextWriter console, CancellationToken cancel = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(console);
        LabRpc.Raft.IRaftImplementation resolved;
        try
        {
            config.Validate();
            resolved = LabRpc.Raft.Harness.RaftImplementations.Resolve(string.IsNullOrWhiteSpace(implementation) ? "reference" : implementation);
        }
        catch (ArgumentException e)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        var lab = new KvService.Raft.RaftLab(resolved);
        var spec = string.IsNullOrWhiteSpace(implementation) ? "reference" : CliText.Spec(implementation);
        return LabExplore.Run(lab, lab.ExplorationScenario(config.Seed, config.Clients, config.OperationsPerClient, config.Keys), config.Bounds, spec, output, console, cancel);
    }

    private static void Report(KvExplorationResult result, ExplorationConfig config, string spec, string? output, TextWriter console)
    {
        var verdict = result.Failure!;
        var folder = Path.GetFullPath(output ?? Path.Combine("failures",
            $"explore-{Artifacts.SafeName(result.Implementation)}-{config.Seed}-{config.Clients}x{config.OperationsPerClient}"));
        var replayPath = Path.Combine(folder, "replay.json");
        var command = ReplayCommandLine(replayPath);
        var trace = result.Search.CounterexampleTrace!;
        var file = ExplorationFile.Of(config, result.Choices!, verdict, trace, spec);
        console.WriteLine();
        console.WriteLine(verdict.Describe());
        console.WriteLine("The schedule's choices that are not the default:");
        foreach (var line in file.Deviations!) console.WriteLine("  " + line);
        try
        {
            var notes = $"An exploration's schedule: the faults are its choices, not a fault schedule. The choices that are not the default:\n  " +
                string.Join("\n  ", file.Deviations!) + "\nReplay: " + command;
            var paths = Artifacts.Write(verdict, folder, notes, spec, file.Write);
            console.WriteLine($"Artifacts in {paths.Folder}:");
            console.WriteLine($"  {Path.GetFileName(paths.Summary)}    the verdict and the replay command");
            console.WriteLine($"  {Path.GetFileName(paths.Diagram)}   the run as a message diagram: step through it with the arrow keys (open in a browser)");
            console.WriteLine($"  {Path.GetFileName(paths.Picture)}  the history drawn, with the longest linearizable prefix and every violation");
            console.WriteLine($"  {Path.GetFileName(paths.History)}   the history as text");
            console.WriteLine($"  {Path.GetFileName(paths.Log)}       the run's log: virtual time and node on every line");
            console.WriteLine($"  {Path.GetFileName(paths.Scenario)}    the schedule's choices, to replay");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.WriteLine($"The artifacts could not be written to {folder}: {e.Message}");
            console.WriteLine("The replay file (save it as replay.json and replay it with the command below):");
            console.WriteLine(file.ToJson());
            command = ReplayCommandLine("replay.json");
        }
        console.WriteLine("Replay it exactly (same trace hash):");
        console.WriteLine("  " + command);
    }

    /// <summary>Replays the schedule saved in <paramref name="path"/>; returns the exit code.</summary>
    public static int Replay(string path, string? implementation, string? output, bool printLog, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(console);
        ExplorationFile saved;
        IKvImplementation resolved;
        try
        {
            saved = ExplorationFile.Read(Path.GetFullPath(path));
            resolved = implementation is not null ? KvImplementations.Resolve(implementation)
                : KvImplementations.Resolve(saved.Implementation ?? "reference", $"the \"implementation\" of {Path.GetFullPath(path)}");
        }
        catch (Exception e) when (e is ScenarioFileException or KvImplementationException)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        var config = saved.ToConfig();
        var verdict = KvExplorer.Replay(resolved, config, saved.Choices, RunOptions.Diagnostic, out var chooser);
        console.WriteLine($"Replaying a schedule of {config.Summary()} against {resolved.Name}.");
        if (printLog) console.Write(verdict.Log);
        console.WriteLine(verdict.Describe());
        int exit = verdict.Passed ? Passed : verdict.Failed ? Violation : Unknown;
        if (output is not null)
        {
            try
            {
                var spec = implementation is null ? saved.Implementation ?? "reference" : CliText.Spec(implementation);
                var paths = Artifacts.Write(verdict, output, null, spec, p => (saved with { Implementation = spec }).Write(p));
                console.WriteLine($"Artifacts in {paths.Folder}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.WriteLine($"The artifacts could not be written to {Path.GetFullPath(output)}: {e.Message}");
                exit = Usage;
            }
        }
        if (chooser.Mismatch || chooser.Trace.Count < LastChoice(saved.Choices))
        {
            console.WriteLine("The saved choices do not fit this run (a branching point has fewer options, or the run ended before the last choice): " +
                "this is not the recorded run. Was the implementation or LabRpc changed since, or is the implementation not deterministic?");
            return DifferentRun;
        }
        if (saved.TraceHash is { } recorded)
        {
            if (!string.Equals(recorded, verdict.TraceHashText, StringComparison.OrdinalIgnoreCase))
            {
                console.WriteLine($"Trace hash {verdict.TraceHashText} DIFFERS from the recorded {recorded}: this is not the same run. Was the " +
                    "implementation or LabRpc changed since, or is the implementation not deterministic (a real timer, a Thread, an unseeded Random, " +
                    "DateTime.Now, a static left over from an earlier run)?");
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

    /// <summary>The command that replays the file at <paramref name="replayPath"/>, from any folder.</summary>
    public static string ReplayCommandLine(string replayPath)
    {
        ArgumentNullException.ThrowIfNull(replayPath);
        var file = CliText.Quote(Path.GetFullPath(replayPath));
        return CliText.RepositoryRoot() is { } root
            ? $"dotnet run -c Release --project {CliText.Quote(Path.Combine(root, "KvService"))} -- explore --replay {file}"
            : $"dotnet {CliText.Quote(Path.Combine(AppContext.BaseDirectory, "KvService.dll"))} explore --replay {file}";
    }

    private const string FaultNames = "all, none, or a comma-separated list of drops, duplicates, held, crashes";

    /// <summary>Reads a list of fault kinds ("all", "none", "drops,crashes"); null if it is not one.</summary>
    public static ExplorationFaults? ParseFaults(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var none = new ExplorationFaults { Drops = false, Duplicates = false, HeldReplies = false, Crashes = false };
        switch (text.Trim().ToLowerInvariant())
        {
            case "all": return ExplorationFaults.All;
            case "none": return none;
        }
        var faults = none;
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0) return null;
        foreach (var part in parts)
        {
            switch (part.ToLowerInvariant())
            {
                case "drops": faults = faults with { Drops = true }; break;
                case "duplicates": faults = faults with { Duplicates = true }; break;
                case "held": faults = faults with { HeldReplies = true }; break;
                case "crashes": faults = faults with { Crashes = true }; break;
                default: return null;
            }
        }
        return faults;
    }

    private static int LastChoice(IReadOnlyList<int> choices)
    {
        int last = choices.Count - 1;
        while (last >= 0 && choices[last] == 0) last--;
        return last + 1;
    }

    private static Option<int> Count(string name, string description, int min, int max, int fallback) => new(name)
    {
        Description = description + $" [default: {fallback.ToString(CultureInfo.InvariantCulture)}]",
        HelpName = "n",
        DefaultValueFactory = _ => fallback,
        CustomParser = r => OptionParsers.ParseCount(r, name, min, max, fallback),
    };
}
