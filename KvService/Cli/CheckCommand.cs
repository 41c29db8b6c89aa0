using System.CommandLine;
using System.CommandLine.Parsing;
using System.Diagnostics;
using System.Globalization;
using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.Labs;
using KvService.PrimaryBackup.Implementations;
using KvService.PrimaryBackup.Scenarios;
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

        var service = new Option<string>("--lab", "--service")
        {
            Description = "The lab to check: kv (the KV service), pb (the primary/backup KV service, its reference; " +
                "--scenarios, --seed, --from, --no-shrink, --impl, --out and --parallel apply; a failure's artifacts go to failures/pb-<implementation>-<scenario seed>), " +
                "or raft (Raft peers under generated partitions, crashes and unreliable links; --impl reference|zoo:Name|path.dll; the same options as pb). [default: kv]",
            HelpName = "kv|pb|raft",
            DefaultValueFactory = _ => "kv",
        };
        service.AcceptOnlyFromAmong("kv", "pb", "raft");
        var command = new Command("check", Help)
        {
            scenarios, seed, from, impl, faults, clients, ops, keys, events, output, parallel, checkTimeout, noShrink, shard, summary, service,
        };
        command.Subcommands.Add(MergeCommand());
        command.SetAction(parse =>
        {
            if (parse.GetValue(service) == "raft")
            {
                Option[] kvOnly = [faults, clients, ops, keys, events, shard, summary, checkTimeout];
                if (kvOnly.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList() is { Count: > 0 } given)
                {
                    parse.InvocationConfiguration.Output.WriteLine($"{string.Join(", ", given)}: not for --lab raft. The Raft sweep draws its own peers, " +
                        "commands and fault events; it takes --scenarios, --seed, --from, --no-shrink, --impl, --out and --parallel.");
                    return Usage;
                }
                return RaftCheck(parse.GetValue(impl), new SweepRange
                {
                    Scenarios = parse.GetValue(scenarios), Seed = parse.GetValue(seed), First = parse.GetValue(from),
                    Parallelism = parse.GetValue(parallel) ?? Environment.ProcessorCount,
                }, parse.GetValue(output), !parse.GetValue(noShrink), CliText.ConsoleFor(parse.InvocationConfiguration.Output));
            }
            if (parse.GetValue(service) == "pb")
            {
                Option[] kvOnly = [faults, clients, ops, keys, events, shard, summary];
                if (kvOnly.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList() is { Count: > 0 } given)
                {
                    parse.InvocationConfiguration.Output.WriteLine($"{string.Join(", ", given)}: for --lab kv only. The primary/backup sweep " +
                        "draws its own clients, operations, keys and faults (KvService/PrimaryBackup/README.md); it takes --scenarios, --seed, " +
                        "--from, --no-shrink, --impl, --out, --parallel and --check-timeout.");
                    return Usage;
                }
                var timeout = parse.GetResult(checkTimeout) is { Implicit: false } ? OptionParsers.Limit(parse.GetValue(checkTimeout)) : PbRunOptions.DefaultCheckTimeout;
                return PbCheck(parse.GetValue(impl), new SweepRange
                {
                    Scenarios = parse.GetValue(scenarios), Seed = parse.GetValue(seed), First = parse.GetValue(from),
                    Parallelism = parse.GetValue(parallel) ?? Environment.ProcessorCount,
                }, PbRunOptions.Default with { CheckTimeout = timeout }, parse.GetValue(output), !parse.GetValue(noShrink),
                    CliText.ConsoleFor(parse.InvocationConfiguration.Output));
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
            return Interruptible(cancellation => Run(settings, CliText.ConsoleFor(parse.InvocationConfiguration.Output), cancellation));
        });
        return command;
    }

    /// <summary>Runs <paramref name="run"/> with a token that the first Ctrl-C cancels (the sweep stops, the runs under way
    /// finish and the report follows); a second Ctrl-C ends the process.</summary>
    private static int Interruptible(Func<CancellationToken, int> run)
    {
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
            return run(interrupt.Token);
        }
        finally
        {
            Console.CancelKeyPress -= onCancel;
        }
    }

    /// <summary><c>check --lab pb</c>: the primary/backup lab on the same sweep and report as the KV lab; returns the exit code.</summary>
    private static int PbCheck(string? spec, SweepRange range, PbRunOptions run, string? output, bool shrink, IAnsiConsole console)
    {
        if ((long)range.First + range.Scenarios - 1 > int.MaxValue)
        {
            console.WriteLine($"--from {range.First} with --scenarios {range.Scenarios} goes past scenario {CliText.N(int.MaxValue)}, the last there is.");
            return Usage;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        IPbImplementation pb;
        try
        {
            pb = PbImplementations.Resolve(spec);
        }
        catch (KvImplementationException e)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        var named = string.IsNullOrWhiteSpace(spec) ? null : CliText.Spec(spec);
        var settings = new LabCheckSettings
        {
            Range = range,
            Spec = named ?? "reference",
            Output = output,
            Shrink = shrink,
            Space = "the primary/backup lab, its generated clients, operations, keys and faults (KvService/PrimaryBackup/README.md)",
            Resume = (first, count) => CliText.Program() + " " + string.Join(' ', new[] { "check", "--lab", "pb" }
                .Concat(named is null ? [] : ["--impl", named])
                .Concat(["--seed", range.Seed.ToString(CultureInfo.InvariantCulture), "--from", first.ToString(CultureInfo.InvariantCulture),
                    "-n", count.ToString(CultureInfo.InvariantCulture)])
                .Concat(output is null ? [] : ["--out", Path.GetFullPath(output)])
                .Concat(shrink ? [] : ["--no-shrink"])
                .Select(CliText.Quote)),
        };
        return Interruptible(cancellation => LabCheck.Run(new PbLab(pb, run), settings, console, cancellation));
    }

    /// <summary><c>check --lab raft</c>: the Raft lab's generated scenarios on the same sweep and report; returns the exit code.</summary>
    private static int RaftCheck(string? spec, SweepRange range, string? output, bool shrink, IAnsiConsole console)
    {
        if ((long)range.First + range.Scenarios - 1 > int.MaxValue)
        {
            console.WriteLine($"--from {range.First} with --scenarios {range.Scenarios} goes past scenario {CliText.N(int.MaxValue)}, the last there is.");
            return Usage;
        }
        if (output is not null && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        LabRpc.Raft.IRaftImplementation raft;
        try
        {
            raft = LabRpc.Raft.Harness.RaftImplementations.Resolve(string.IsNullOrWhiteSpace(spec) ? "reference" : spec);
        }
        catch (ArgumentException e)
        {
            console.WriteLine(e.Message);
            return Usage;
        }
        var named = string.IsNullOrWhiteSpace(spec) ? null : CliText.Spec(spec);
        var settings = new LabCheckSettings
        {
            Range = range,
            Spec = named ?? "reference",
            Output = output,
            Shrink = shrink,
            Space = "the Raft lab, its generated peers, commands, partitions, crashes and unreliable links (docs/students/raft.md)",
            Resume = (first, count) => CliText.Program() + " " + string.Join(' ', new[] { "check", "--lab", "raft" }
                .Concat(named is null ? [] : ["--impl", named])
                .Concat(["--seed", range.Seed.ToString(CultureInfo.InvariantCulture), "--from", first.ToString(CultureInfo.InvariantCulture),
                    "-n", count.ToString(CultureInfo.InvariantCulture)])
                .Concat(output is null ? [] : ["--out", Path.GetFullPath(output)])
                .Concat(shrink ? [] : ["--no-shrink"])
                .Select(CliText.Quote)),
        };
        return Interruptible(cancellation => LabCheck.Run(new KvService.Raft.RaftLab(raft), settings, console, cancellation));
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
            console.WriteLine($"--from {sweep.First} with --scenarios {sweep.Scenarios} goes past scenario {CliText.N(int.MaxValue)}, the last there is.");
            return Usage;
        }
        if (settings.Output is { } output && CliText.OutputProblem(output) is { } problem)
        {
            console.WriteLine($"--out: {problem} Nothing was run.");
            return Usage;
        }
        var lab = new KvLab(implementation, sweep.Run, space);
        var check = new LabCheckSettings
        {
            Range = sweep.Range,
            Spec = CliText.Spec(settings.Implementation),
            Output = settings.Output,
            Shrink = settings.Shrink,
            Space = SpaceText(space),
            Resume = (first, count) => ResumeCommandLine(settings, first, count),
        };
        return LabCheck.Run(lab, check, console, cancellation, result =>
        {
            if (settings.Summary is { } summaryFile) SweepSummary.Of(result, sweep, implementation.Name, SpaceText(space)).Write(summaryFile);
        });
    }

    /// <summary>What a KV sweep draws, in a few words.</summary>
    private static string SpaceText(ScenarioSpace space) =>
        $"faults {Describe(space.Faults)}; {Count(space.Clients, "client")} × {Count(space.OperationsPerClient, "operation")} " +
        $"on {Count(space.Keys, "key")}; {Count(space.FaultEvents, "fault event")} each";

    private static Command MergeCommand()
    {
        var files = new Argument<string[]>("summaries") { Description = "The --summary files of the shards of one sweep.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("merge", "Join the summaries of the shards of one sweep (check --shard i/N --summary f.json) into the summary of the whole: " +
            "the counts, and the lowest-numbered failure with its scenario seed. Exit codes as check's.") { files };
        command.SetAction(parse =>
        {
            var console = CliText.ConsoleFor(parse.InvocationConfiguration.Output);
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
            console.WriteLine($"{merged.Implementation}, seed {merged.Seed}, {merged.Space}: scenarios {CliText.N(merged.First)} to {CliText.N(merged.First + merged.Scenarios - 1)}" +
                $"{(merged.Stopped ? " (not all ran: a shard stopped early or is missing)" : "")}.");
            console.WriteLine($"{CliText.N(merged.Passed)} passed, {CliText.N(merged.Failed)} failed, {CliText.N(merged.Unknown)} unknown, {CliText.N(merged.Nondeterministic)} nondeterministic.");
            if (merged.FirstFailure is { } f)
            {
                console.WriteLine($"The first failure is scenario {CliText.N(f.Number)} (scenario seed {f.ScenarioSeed}): {f.Headline}. " +
                    $"Run it again: {CliText.Cli} check --seed {merged.Seed} --from {f.Number} -n 1 (with the shard's other options).");
                return Violation;
            }
            if (merged.FirstUnknown is { } u)
            {
                console.WriteLine($"UNKNOWN: scenario {CliText.N(u.Number)} (scenario seed {u.ScenarioSeed}) could not be decided; not a pass.");
                return Unknown;
            }
            return merged.Stopped ? Interrupted : Passed;
        });
        return command;
    }

    /// <summary>The command that runs scenarios <paramref name="first"/> .. first + count - 1 of the same sweep.</summary>
    internal static string ResumeCommandLine(CheckSettings settings, int first, int count)
    {
        var sweep = settings.Sweep;
        var space = sweep.Space;
        var defaults = ScenarioSpace.Default;
        var args = new List<string> { "check", "-s", sweep.Seed.ToString(CultureInfo.InvariantCulture), "--from", first.ToString(CultureInfo.InvariantCulture),
            "-n", count.ToString(CultureInfo.InvariantCulture) };
        if (!string.IsNullOrWhiteSpace(settings.Implementation)) args.AddRange(["--impl", CliText.Spec(settings.Implementation)]);
        if (space.Faults != defaults.Faults) args.AddRange(["--faults", FormatFaults(space.Faults)]);
        if (space.Clients != defaults.Clients) args.AddRange(["--clients", space.Clients.ToString()]);
        if (space.OperationsPerClient != defaults.OperationsPerClient) args.AddRange(["--ops", space.OperationsPerClient.ToString()]);
        if (space.Keys != defaults.Keys) args.AddRange(["--keys", space.Keys.ToString()]);
        if (space.FaultEvents != defaults.FaultEvents) args.AddRange(["--fault-events", space.FaultEvents.ToString()]);
        if (sweep.Run.CheckTimeout != OptionParsers.DefaultCheckTimeout)
            args.AddRange(["--check-timeout", sweep.Run.CheckTimeout is { } t ? Durations.Format(t) : "none"]);
        if (settings.Output is { } output) args.AddRange(["--out", Path.GetFullPath(output)]);
        if (!settings.Shrink) args.Add("--no-shrink");
        return CliText.Program() + " " + string.Join(' ', args.Select(CliText.Quote));
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

    /// <summary>A range of counts: "3 clients", "1 client", "1-5 clients".</summary>
    private static string Count(IntRange range, string one) => range.Min == range.Max ? CliText.Plural(range.Min, one) : $"{range} {one}s";

}
