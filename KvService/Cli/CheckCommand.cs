using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using KvService.Contract;
using KvService.Harness;
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

    /// <summary>Exit code for a bad option, an output folder that cannot be written, or an implementation that cannot be loaded.</summary>
    public const int Usage = 2;

    /// <summary>Exit code when nothing was found wrong but the checker could not decide a run (its time limit ran out): not a pass.</summary>
    public const int Unknown = 4;

    /// <summary>Exit code when the sweep was interrupted (Ctrl-C) before it found anything wrong.</summary>
    public const int Interrupted = 130;

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
        that replays it exactly is printed. Ctrl-C stops the sweep: it prints the summary so far, writes a failure found
        so far, and prints the command that runs the remaining scenarios.

        Exit codes: 0 every scenario passed; 1 a violation; 2 a bad option, an output folder that cannot be written or an
        implementation that cannot be loaded; 4 unknown (nothing found wrong, but the checker ran out of time on a run:
        not a pass; raise --check-timeout); 130 interrupted (Ctrl-C) before anything was found wrong.

        Examples:
          check                                 200 scenarios against the reference implementation
          check -n 5000 -s 7                    a longer sweep, other scenarios
          check -n 5000 -s 7 --from 1200        the same sweep from scenario 1200 on (after a Ctrl-C)
          check --impl path/to/MyKv.dll:My.Kv   your implementation (a class implementing IKvImplementation)
          check --faults crash --clients 1-2    only crashes, small scenarios
        """;

    /// <summary>The <c>check</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var scenarios = OptionParsers.Int("--scenarios", "-n", "How many scenarios to run.", "n", 1, int.MaxValue, new SweepOptions().Scenarios);
        var from = new Option<int>("--from")
        {
            Description = "The number of the first scenario to run (the sweep's scenarios are numbered from 0): goes on with a sweep that was stopped. [default: 0]",
            HelpName = "n",
            CustomParser = r => OptionParsers.ParseCount(r, "--from", 0, int.MaxValue, 1200),
        };
        var seed = OptionParsers.Seed("The sweep's seed: the same seed runs the same scenarios.", SweepOptions.DefaultSeed);
        var impl = OptionParsers.Implementation(
            $"The implementation to check: 'reference', a type name, or path/to/Assembly.dll:Namespace.Type. Default: ${KvImplementations.EnvironmentVariable}, else the reference.");
        var faults = new Option<FaultKinds?>("--faults", "-f")
        {
            Description = $"Which faults to inject: {FaultMixes}. [default: all]",
            HelpName = "mix",
            CustomParser = r => ParseFaults(OptionParsers.Token(r)) is { } k
                ? k
                : OptionParsers.Fail<FaultKinds?>(r, $"--faults: '{OptionParsers.Token(r)}' is not a fault mix. Give {FaultMixes}."),
        };
        var space = ScenarioSpace.Default;
        var clients = RangeOption("--clients", "Clients per scenario", space.Clients, 1);
        var ops = RangeOption("--ops", "Operations per client", space.OperationsPerClient, 1);
        var keys = RangeOption("--keys", "Keys per scenario", space.Keys, 1);
        var events = RangeOption("--fault-events", "Fault events per scenario", space.FaultEvents, 0);
        var output = OptionParsers.PathOption("--out", "-o",
            "Where to write a failure's artifacts (checked before the sweep). Default: failures/<implementation>-<scenario seed> in the current folder.", "folder");
        var parallel = OptionParsers.OptionalInt("--parallel", "-p",
            "Scenarios run at once (each in its own simulation: the results do not depend on it). Default: one per processor.", "n", 1, 1024, 2);
        var checkTimeout = OptionParsers.CheckTimeout();
        var noShrink = new Option<bool>("--no-shrink") { Description = "Report the first failing scenario as it was generated, without shrinking it." };
        var shard = new Option<string?>("--shard")
        {
            Description = "Run one part of the sweep, i/N (e.g. 0/4): the i-th of N equal ranges of its scenarios, numbered as in the whole sweep. " +
                "With --summary, 'check merge' joins the parts.",
            HelpName = "i/N",
        };
        var summary = new Option<string?>("--summary")
        {
            Description = "Also write what the sweep found to this JSON file (for 'check merge').",
            HelpName = "file",
            CustomParser = r => OptionParsers.ParsePath(r, "--summary", "file"),
        };

        var service = new Option<string>("--service")
        {
            Description = "The service to check: kv (the KV service), or pb (the primary/backup KV service, its reference; " +
                "--scenarios, --seed, --from, --no-shrink, --impl, --out and --parallel apply; a failure's artifacts go to failures/pb-<implementation>-<scenario seed>). [default: kv]",
            HelpName = "kv|pb",
            DefaultValueFactory = _ => "kv",
        };
        service.AcceptOnlyFromAmong("kv", "pb");
        var command = new Command("check", Help)
        {
            scenarios, seed, from, impl, faults, clients, ops, keys, events, output, parallel, checkTimeout, noShrink, shard, summary, service,
        };
        command.Subcommands.Add(MergeCommand());
        command.SetAction(parse =>
        {
            if (parse.GetValue(service) == "pb")
            {
                Option[] kvOnly = [faults, clients, ops, keys, events, checkTimeout, shard, summary];
                if (kvOnly.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList() is { Count: > 0 } given)
                {
                    parse.InvocationConfiguration.Output.WriteLine($"{string.Join(", ", given)}: for --service kv only. The primary/backup sweep " +
                        "draws its own clients, operations, keys and faults (KvService/PrimaryBackup/README.md); it takes --scenarios, --seed, " +
                        "--from, --no-shrink, --impl, --out and --parallel.");
                    return Usage;
                }
                Contract.PrimaryBackup.IPbImplementation pb;
                try
                {
                    pb = PrimaryBackup.Implementations.PbImplementations.Resolve(parse.GetValue(impl));
                }
                catch (KvImplementationException e)
                {
                    parse.InvocationConfiguration.Output.WriteLine(e.Message);
                    return Usage;
                }
                return PrimaryBackup.Scenarios.PbCheck.Run(pb, parse.GetValue(scenarios), parse.GetValue(seed),
                    parse.GetValue(from), !parse.GetValue(noShrink), parse.InvocationConfiguration.Output, parse.GetValue(impl), parse.GetValue(output),
                    parse.GetValue(parallel));
            }
            var whole = new SweepOptions { Scenarios = parse.GetValue(scenarios), First = parse.GetValue(from) };
            if (parse.GetValue(shard) is { } part)
            {
                try
                {
                    var (i, n) = GradeCommand.ParseShard(part);
                    whole = whole.Part(i, n);
                }
                catch (ArgumentException e)
                {
                    parse.InvocationConfiguration.Output.WriteLine(e.Message);
                    return Usage;
                }
                if (whole.Scenarios == 0)
                {
                    parse.InvocationConfiguration.Output.WriteLine($"--shard {part}: this part of {parse.GetValue(scenarios)} scenarios is empty; use fewer parts.");
                    return Usage;
                }
            }
            var settings = new CheckSettings
            {
                Summary = parse.GetValue(summary),
                Sweep = new SweepOptions
                {
                    Scenarios = whole.Scenarios,
                    Seed = parse.GetValue(seed),
                    First = whole.First,
                    Parallelism = parse.GetValue(parallel) ?? Environment.ProcessorCount,
                    Space = new ScenarioSpace
                    {
                        Clients = parse.GetValue(clients),
                        OperationsPerClient = parse.GetValue(ops),
                        Keys = parse.GetValue(keys),
                        FaultEvents = parse.GetValue(events),
                        Faults = parse.GetValue(faults) ?? FaultKinds.All,
                    },
                    Run = RunOptions.Default with { CheckTimeout = OptionParsers.Limit(parse.GetValue(checkTimeout)) },
                },
                Implementation = parse.GetValue(impl),
                Output = parse.GetValue(output),
                Shrink = !parse.GetValue(noShrink),
            };
            // Ctrl-C stops the sweep (the runs under way finish) and the report follows; a second Ctrl-C ends the process.
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
                return Run(settings, ConsoleFor(parse.InvocationConfiguration.Output), interrupt.Token);
            }
            finally
            {
                Console.CancelKeyPress -= onCancel;
            }
        });
        return command;
    }

    /// <summary>Runs the check and reports to <paramref name="console"/>; returns the exit code. Cancelling
    /// <paramref name="cancellation"/> stops the sweep as Ctrl-C does.</summary>
    public static int Run(CheckSettings settings, IAnsiConsole console, CancellationToken cancellation = default)
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
        return Run(settings, implementation, console, cancellation);
    }

    /// <summary>Runs the check of <paramref name="implementation"/> (named in the scenario file as
    /// <see cref="CheckSettings.Implementation"/> says); returns the exit code.</summary>
    public static int Run(CheckSettings settings, IKvImplementation implementation, IAnsiConsole console, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(console);
        var sweep = settings.Sweep;
        var space = sweep.Space;
        try
        {
            space.Validate();
        }
        catch (ArgumentException e)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        if ((long)sweep.First + sweep.Scenarios - 1 > int.MaxValue)
        {
            console.WriteLine($"--from {sweep.First} with --scenarios {sweep.Scenarios} goes past scenario {N(int.MaxValue)}, the last there is.");
            return Usage;
        }
        if (settings.Output is { } output && OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        var range = sweep.First == 0 ? "" : $" (numbers {N(sweep.First)} to {N(sweep.First + sweep.Scenarios - 1)})";
        console.MarkupLine($"Checking [bold]{Markup.Escape(implementation.Name)}[/] with {Plural(sweep.Scenarios, "fault scenario")}{range}, seed {sweep.Seed}: " +
            $"faults {Markup.Escape(Describe(space.Faults))}; {Markup.Escape(Count(space.Clients, "client"))} × {Markup.Escape(Count(space.OperationsPerClient, "operation"))} " +
            $"on {Markup.Escape(Count(space.Keys, "key"))}; {Markup.Escape(Count(space.FaultEvents, "fault event"))} each.");

        SweepResult result = null!;
        console.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("Scenarios", maxValue: sweep.Scenarios);
                result = ScenarioSweep.Run(implementation, sweep, _ => task.Increment(1), cancellation);
            });
        console.Write(Summary(result));
        if (settings.Summary is { } summaryFile)
        {
            SweepSummary.Of(result, sweep, implementation.Name, $"faults {Describe(space.Faults)}; {Count(space.Clients, "client")} × " +
                $"{Count(space.OperationsPerClient, "operation")} on {Count(space.Keys, "key")}; {Count(space.FaultEvents, "fault event")}").Write(summaryFile);
        }

        // A real failure comes first; an undecided run is reported only when nothing failed.
        var failure = result.FirstFailure ?? result.FirstUnknown;
        int failureIndex = result.FirstFailure is null ? result.FirstUnknownIndex : result.FirstFailureIndex;
        if (result.Cancelled)
        {
            console.MarkupLine($"[yellow]Interrupted after {N(result.Scenarios)} of {Plural(sweep.Scenarios, "scenario")}: " +
                $"{(failure is null ? "nothing found wrong so far" : Plural(result.Failed, "scenario") + " not passed so far")}.[/]");
            var rest = sweep.First + sweep.Scenarios - result.FirstNotRun;
            console.WriteLine($"Scenarios {N(sweep.First)} to {N(result.FirstNotRun - 1)} all ran. To run the remaining {Plural(rest, "scenario")}:");
            console.WriteLine("  " + ResumeCommandLine(settings, result.FirstNotRun, rest));
        }
        if (failure is null)
        {
            if (result.Cancelled) return Interrupted;
            console.MarkupLine(result.Scenarios == 1 ? "[green]The scenario passed.[/]" : $"[green]All {N(result.Scenarios)} scenarios passed.[/]");
            return Passed;
        }
        if (!failure.Failed)
        {
            // Neither passed nor failed: the checker could not decide. Never reported as a pass.
            console.MarkupLine($"[yellow]UNKNOWN: scenario {failureIndex} ({Markup.Escape(failure.Scenario.Summary())}) could not be decided: " +
                $"{Markup.Escape(failure.Linearizability.UnknownReason ?? "the checker stopped before deciding")}." +
                (result.Unknown > 1 ? $" {Plural(result.Unknown, "scenario")} in all could not be decided." : "") + "[/]");
            console.WriteLine("Nothing was found wrong, but this is not a pass. Give the checker more time (--check-timeout 5m, or none for no limit).");
            if (!result.Cancelled) return Unknown;
            return Interrupted;
        }
        if (result.StoppedBlocked)
        {
            console.MarkupLine($"[red]Stopped after {N(result.Scenarios)} of {Plural(sweep.Scenarios, "scenario")}: scenario {result.FirstFailureIndex} " +
                $"({Markup.Escape(failure.Scenario.Summary())}) blocked the simulation's thread.[/]");
        }
        else
        {
            console.MarkupLine($"[red]{N(result.Failed)} of {Plural(result.Scenarios, "scenario")} failed.[/] The first is scenario {result.FirstFailureIndex} " +
                $"({Markup.Escape(failure.Scenario.Summary())}): {Markup.Escape(failure.Headline)}.");
        }
        // After a Ctrl-C the failure is written as it was found: a shrink could take a while.
        Report(result.Cancelled ? settings with { Shrink = false } : settings, implementation, failure, console, cancellation);
        return Violation;
    }

    private static Command MergeCommand()
    {
        var files = new Argument<string[]>("summaries") { Description = "The --summary files of the shards of one sweep.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("merge", "Join the summaries of the shards of one sweep (check --shard i/N --summary f.json) into the summary of the whole: " +
            "the counts, and the lowest-numbered failure with its scenario seed. Exit codes as check's.") { files };
        command.SetAction(parse =>
        {
            var console = ConsoleFor(parse.InvocationConfiguration.Output);
            SweepSummary merged;
            try
            {
                merged = SweepSummary.Merge([.. parse.GetRequiredValue(files).Select(SweepSummary.Read)]);
            }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                console.WriteLine(e.Message);
                return Usage;
            }
            console.WriteLine($"{merged.Implementation}, seed {merged.Seed}, {merged.Space}: scenarios {N(merged.First)} to {N(merged.First + merged.Scenarios - 1)}" +
                $"{(merged.Stopped ? " (not all ran: a shard stopped early or is missing)" : "")}.");
            console.WriteLine($"{N(merged.Passed)} passed, {N(merged.Failed)} failed, {N(merged.Unknown)} unknown, {N(merged.Nondeterministic)} nondeterministic.");
            if (merged.FirstFailure is { } f)
            {
                console.WriteLine($"The first failure is scenario {N(f.Number)} (scenario seed {f.ScenarioSeed}): {f.Headline}. " +
                    $"Run it again: {Cli} check --seed {merged.Seed} --from {f.Number} -n 1 (with the shard's other options).");
                return Violation;
            }
            if (merged.FirstUnknown is { } u)
            {
                console.WriteLine($"UNKNOWN: scenario {N(u.Number)} (scenario seed {u.ScenarioSeed}) could not be decided; not a pass.");
                return Unknown;
            }
            return merged.Stopped ? Interrupted : Passed;
        });
        return command;
    }

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

    /// <summary>Shrinks the failure, writes its artifacts and prints what happened and how to replay it. When the artifacts
    /// cannot be written, the verdict and the scenario are printed instead.</summary>
    private static void Report(CheckSettings settings, IKvImplementation implementation, Verdict failure, IAnsiConsole console, CancellationToken cancellation)
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
            var watch = Stopwatch.StartNew(); // outside the simulation: wall time of the shrink, for the person reading
            ShrinkResult shrunk = null!;
            // Ctrl-C while shrinking keeps what is shrunk so far: no further candidate counts as failing.
            console.Status().Start("Shrinking the failing scenario (Ctrl-C stops here and reports it as shrunk so far)...", _ =>
                shrunk = Shrinker.Shrink(failure, implementation, run, cancellation: cancellation));
            scenario = shrunk.Scenario;
            var line = $"Shrunk in {Plural(shrunk.Steps, "step")} ({Plural(shrunk.Runs, "run")}, {Seconds(watch.Elapsed)}) from {shrunk.Original.Summary()}" +
                (cancellation.IsCancellationRequested ? " (interrupted: shrunk so far)." : ".");
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

        // The scenario file names the implementation so that replay finds it again from any folder.
        var spec = Spec(settings.Implementation);
        var folder = Path.GetFullPath(settings.Output ?? Path.Combine("failures", $"{Artifacts.SafeName(implementation.Name)}-{scenario.Seed}"));
        var replay = ReplayCommandLine(Path.Combine(folder, "scenario.json"));
        notes.Add("Replay: " + replay);
        ArtifactPaths paths;
        try
        {
            paths = Artifacts.Write(verdict, folder, string.Join("\n", notes), spec);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The report is what matters: print it all, with the scenario to save and replay.
            console.WriteLine();
            console.WriteLine(verdict.Describe());
            console.WriteLine();
            console.MarkupLine($"[red]The artifacts could not be written to {Markup.Escape(folder)}: {Markup.Escape(e.Message)}[/]");
            console.WriteLine("The scenario (save it as scenario.json and replay it with the command below):");
            console.WriteLine(ScenarioFile.Of(verdict, spec).ToJson());
            console.WriteLine(ReplayHeading(verdict));
            console.WriteLine("  " + ReplayCommandLine("scenario.json"));
            return;
        }

        console.WriteLine();
        console.WriteLine(verdict.Describe());
        console.WriteLine();
        foreach (var line in ArtifactList(paths)) console.WriteLine(line);
        console.WriteLine(ReplayHeading(verdict));
        console.WriteLine("  " + replay);
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

    /// <summary>What the replay command promises: the same run, unless the implementation does not replay the same.</summary>
    private static string ReplayHeading(Verdict verdict) => ReplayHeading(DeterminismCheck.IsNondeterministic(verdict));

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

    /// <summary>The command that runs scenarios <paramref name="first"/> .. first + count - 1 of the same sweep.</summary>
    internal static string ResumeCommandLine(CheckSettings settings, int first, int count)
    {
        var sweep = settings.Sweep;
        var space = sweep.Space;
        var defaults = ScenarioSpace.Default;
        var args = new List<string> { "check", "-s", sweep.Seed.ToString(CultureInfo.InvariantCulture), "--from", first.ToString(CultureInfo.InvariantCulture),
            "-n", count.ToString(CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(settings.Implementation)) args.AddRange(["--impl", Spec(settings.Implementation)]);
        if (space.Faults != defaults.Faults) args.AddRange(["--faults", FormatFaults(space.Faults)]);
        if (space.Clients != defaults.Clients) args.AddRange(["--clients", space.Clients.ToString()]);
        if (space.OperationsPerClient != defaults.OperationsPerClient) args.AddRange(["--ops", space.OperationsPerClient.ToString()]);
        if (space.Keys != defaults.Keys) args.AddRange(["--keys", space.Keys.ToString()]);
        if (space.FaultEvents != defaults.FaultEvents) args.AddRange(["--fault-events", space.FaultEvents.ToString()]);
        if (sweep.Run.CheckTimeout != OptionParsers.DefaultCheckTimeout)
            args.AddRange(["--check-timeout", sweep.Run.CheckTimeout is { } t ? Durations.Format(t) : "none"]);
        if (settings.Output is { } output) args.AddRange(["--out", Path.GetFullPath(output)]);
        if (!settings.Shrink) args.Add("--no-shrink");
        var program = RepositoryRoot() is { } root
            ? $"dotnet run -c Release --project {Quote(Path.Combine(root, "KvService"))} --"
            : $"dotnet {Quote(Path.Combine(AppContext.BaseDirectory, "KvService.dll"))}";
        return program + " " + string.Join(' ', args.Select(Quote));
    }

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

    /// <summary>The fault mixes <c>--faults</c> reads, for messages.</summary>
    private const string FaultMixes = "all, network, crash, none, or a comma-separated list of unreliable, reordering, drops, duplicates, isolation, crash (e.g. unreliable,crash)";

    /// <summary>A fault mix as <see cref="ParseFaults"/> reads it.</summary>
    internal static string FormatFaults(FaultKinds kinds) => kinds switch
    {
        FaultKinds.All => "all",
        FaultKinds.Network => "network",
        FaultKinds.None => "none",
        _ => string.Join(',', new (FaultKinds Kind, string Name)[]
            {
                (FaultKinds.Unreliable, "unreliable"), (FaultKinds.LongReordering, "reordering"), (FaultKinds.DropsAndDelays, "drops"),
                (FaultKinds.Duplicates, "duplicates"), (FaultKinds.ClientIsolation, "isolation"), (FaultKinds.Crash, "crash"),
            }.Where(k => kinds.HasFlag(k.Kind)).Select(k => k.Name)),
    };

    /// <summary>Reads a fault mix: all, network, crash, none, or a comma-separated list of kinds; null if it is none of these (or empty).</summary>
    public static FaultKinds? ParseFaults(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var kinds = FaultKinds.None;
        if (string.IsNullOrWhiteSpace(text.Replace(",", "", StringComparison.Ordinal))) return null;
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

    private static Option<IntRange> RangeOption(string name, string what, IntRange fallback, int lowest) => new(name)
    {
        Description = $"{what}: a number, or a range to draw from (e.g. {fallback.Max} or {fallback}).",
        HelpName = "n|min-max",
        DefaultValueFactory = _ => fallback,
        CustomParser = r => IntRange.Parse(OptionParsers.Token(r), lowest) is { } range
            ? range
            : OptionParsers.Fail<IntRange>(r, $"{name}: '{OptionParsers.Token(r)}' is not a number or range. Give a whole number of at least {lowest}, or a range min-max (e.g. {fallback.Max} or {fallback})."),
    };

    private static string Describe(FaultKinds kinds) => kinds switch
    {
        FaultKinds.All => "all",
        FaultKinds.Network => "network only",
        FaultKinds.None => "none",
        _ => kinds.ToString(),
    };

    internal static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    internal static string Quote(string text) => text.Any(c => char.IsWhiteSpace(c) || c is '\'' or '"' or '$' or '`' or '\\' or ';' or '&' or '|' or '*' or '?')
        ? "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'"
        : text;

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);

    /// <summary>"1 scenario", "2 scenarios", "1,000 scenarios".</summary>
    internal static string Plural(int n, string one, string? many = null) => $"{N(n)} {(n == 1 ? one : many ?? one + "s")}";

    /// <summary>A range of counts: "3 clients", "1 client", "1-5 clients".</summary>
    private static string Count(IntRange range, string one) => range.Min == range.Max ? Plural(range.Min, one) : $"{range} {one}s";

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString(t.TotalSeconds >= 100 ? "N0" : "0.00", CultureInfo.InvariantCulture) + " s";
}
