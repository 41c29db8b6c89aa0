using System.CommandLine;
using System.CommandLine.Parsing;
using KvService.Harness;
using KvService.Real;
using KvService.Scenarios;
using LabRpc;
using Spectre.Console;

namespace KvService.Cli;

/// <summary>
/// <c>chaos</c>: a Jepsen-style check of a real run (see <see cref="ChaosRun"/>): the implementation's server as a
/// process, its clerks over TCP through a faulty proxy, the server killed with SIGKILL and restarted, the history
/// judged by <c>check</c>'s judges. Shows progress, then the verdict and the counts; writes the picture, the history,
/// the log and the verdict to a folder. Exit codes as <c>check</c>'s.
/// </summary>
public static class ChaosCommand
{
    private const string Help = """
        Check a KV implementation on a real network and a real disk, Jepsen-style: the same code as in the simulation.

        Starts the implementation's server ('serve', durable) as a child process on a free port; runs --clients clerks
        over TCP for --duration through a proxy that delays, drops and cuts messages and cuts the clerks off for a while;
        kills the server with SIGKILL (kill -9) at random moments and starts it again from its data folder. Every
        operation is recorded with monotonic times. When the faults stop, every operation under way must finish, a final
        read takes every key's value, and the history is judged as 'check' judges a scenario: linearizable, at-most-once
        (an appended token appears at most once, and an acknowledged one exactly once at the end), live. A real run is
        not replayable (the timing is real); its files stay in --out: the history picture, the history, the log (the
        harness's events and everything the server printed) and the verdict.

        Exit codes: 0 passed; 1 a violation; 2 a bad option, or a server that cannot be started; 4 unknown (the checker
        ran out of time: not a pass); 130 interrupted before anything was found wrong.

        Examples:
          chaos                                              4 clerks, 10 s of faults, the reference implementation
          chaos --clients 8 --duration 60s -s 7
          chaos --impl path/to/MyKv.dll:My.Kv                your implementation, unchanged from the simulation
          chaos --kill-every none --no-proxy                 no faults at all: a plain concurrent run
        """;

    /// <summary>The <c>chaos</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var defaults = new ChaosOptions { Folder = "." };
        var impl = OptionParsers.Implementation(
            $"The implementation: 'reference', a type name, or path/to/Assembly.dll:Namespace.Type. Default: ${KvImplementations.EnvironmentVariable}, else the reference.");
        var clients = OptionParsers.Int("--clients", "-c", "Clerks running at once.", "n", 1, 64, defaults.Clients);
        var keys = OptionParsers.Int("--keys", "-k", "Keys the clerks use.", "n", 1, 1000, defaults.Keys);
        var duration = new Option<TimeSpan>("--duration", "-d")
        {
            Description = "How long the clerks run with the faults on: e.g. 10s, 2m. [default: 10s]",
            HelpName = "time",
            DefaultValueFactory = _ => defaults.Duration,
            CustomParser = r => OptionParsers.ParseTimeout(r, "--duration", allowNone: false),
        };
        var seed = OptionParsers.Seed("Seeds the run's choices: operations, kill moments, the proxy's faults.", defaults.Seed);
        var killEvery = RangeOption("--kill-every", "Time between kills of the server (kill -9), a range", "1s-3s");
        var partitionEvery = RangeOption("--partition-every", "Time between partitions of the clerks from the server, a range", "2s-5s");
        var drop = new Option<double>("--drop")
        {
            Description = "The proxy's chance to drop a request, and a reply, from 0 to 1. [default: 0.03]",
            HelpName = "rate",
            DefaultValueFactory = _ => 0.03,
            CustomParser = r => double.TryParse(OptionParsers.Token(r), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var d) && d is >= 0 and <= 1
                ? d : OptionParsers.Fail<double>(r, $"--drop: '{OptionParsers.Token(r)}' is not a rate. Give a number from 0 to 1 (e.g. 0.05)."),
        };
        var noProxy = new Option<bool>("--no-proxy") { Description = "No proxy: the clerks connect straight to the server (no drops, delays, cuts or partitions)." };
        var liveness = new Option<TimeSpan>("--liveness-timeout")
        {
            Description = "Once the faults stop, how long an operation may take to finish. [default: 15s]",
            HelpName = "time",
            DefaultValueFactory = _ => defaults.LivenessTimeout,
            CustomParser = r => OptionParsers.ParseTimeout(r, "--liveness-timeout", allowNone: false),
        };
        var checkTimeout = OptionParsers.CheckTimeout();
        var output = OptionParsers.PathOption("--out", "-o", "Where to write the run's files and keep the server's data. Default: chaos/<implementation>-<seed>.", "folder");
        var command = new Command("chaos", Help) { impl, clients, keys, duration, seed, killEvery, partitionEvery, drop, noProxy, liveness, checkTimeout, output };
        command.SetAction(async (parse, cancellation) =>
        {
            var console = CliText.ConsoleFor(parse.InvocationConfiguration.Output);
            Contract.IKvImplementation implementation;
            string spec = parse.GetValue(impl) ?? Environment.GetEnvironmentVariable(KvImplementations.EnvironmentVariable) ?? "reference";
            try
            {
                implementation = KvImplementations.Resolve(spec, "--impl");
            }
            catch (KvImplementationException e)
            {
                parse.InvocationConfiguration.Error.WriteLine(e.Message);
                return CheckCommand.Usage;
            }
            ulong s = parse.GetValue(seed);
            double rate = parse.GetValue(drop);
            var options = defaults with
            {
                Implementation = spec.Contains(".dll", StringComparison.OrdinalIgnoreCase) ? AbsoluteDll(spec) : spec,
                Clients = parse.GetValue(clients),
                Keys = parse.GetValue(keys),
                Duration = parse.GetValue(duration),
                Seed = s,
                KillEvery = parse.GetValue(killEvery) is { } k ? k.Value : null,
                PartitionEvery = parse.GetValue(partitionEvery) is { } p ? p.Value : null,
                Proxy = parse.GetValue(noProxy) ? null : defaults.Proxy! with { RequestDropRate = rate, ReplyDropRate = rate },
                LivenessTimeout = parse.GetValue(liveness),
                CheckTimeout = OptionParsers.Limit(parse.GetValue(checkTimeout)),
                Folder = parse.GetValue(output) ?? Path.Combine("chaos", Artifacts.SafeName($"{implementation.Name}-{s}")),
            };
            return await RunAsync(implementation, options, console, cancellation);
        });
        return command;
    }

    /// <summary>Runs <paramref name="options"/>, shows progress and the verdict, writes the files; returns the exit code.</summary>
    public static async Task<int> RunAsync(Contract.IKvImplementation implementation, ChaosOptions options, IAnsiConsole console, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(console);
        try
        {
            Directory.CreateDirectory(options.Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[red]Cannot use {Markup.Escape(options.Folder)} for the run's files: {Markup.Escape(e.Message)}[/] Nothing was run.");
            return CheckCommand.Usage;
        }
        console.MarkupLine($"Real run of [bold]{Markup.Escape(implementation.Name)}[/]: {options.Clients} clerks over TCP, {Durations.Format(options.Duration)} of faults " +
            $"({(options.KillEvery is null ? "no kills" : "kill -9 every " + Range(options.KillEvery.Value))}, " +
            $"{(options.Proxy is { } p ? $"proxy drops {p.RequestDropRate:0.###} of requests and replies, delays, cuts" + (options.PartitionEvery is { } q ? ", partitions every " + Range(q) : "") : "no proxy")}), seed {options.Seed}.");

        ChaosResult result;
        try
        {
            ChaosProgress? last = null;
            result = await console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async ctx =>
                {
                    var task = ctx.AddTask("Faults", maxValue: options.Duration.TotalSeconds);
                    return await ChaosRun.RunAsync(implementation, options, progress =>
                    {
                        last = progress;
                        task.Value = Math.Min(progress.Elapsed.TotalSeconds, options.Duration.TotalSeconds);
                        task.Description = Markup.Escape($"{progress.Phase}: {progress.Operations:N0} ops, {progress.Kills} kills, {progress.Partitions} partitions");
                    }, cancellation);
                });
        }
        catch (KvHostException e)
        {
            console.MarkupLine($"[red]{Markup.Escape(e.Message)}[/]");
            return CheckCommand.Usage;
        }

        string picture;
        try
        {
            picture = result.WriteArtifacts(options.Folder);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.MarkupLine($"[yellow]Cannot write the run's files to {Markup.Escape(options.Folder)}: {Markup.Escape(e.Message)}. The verdict:[/]");
            picture = "";
        }
        console.Write(Summary(result));
        foreach (var v in result.Violations) console.MarkupLine($"[red]{Markup.Escape(v.Label)}[/]: {Markup.Escape(v.Message)}");
        if (picture.Length > 0) console.WriteLine($"Files: {Path.GetFullPath(options.Folder)} (history.html, history.txt, run.log, verdict.txt)");
        if (result.Failed)
        {
            console.MarkupLine($"[red]FAILED: {Markup.Escape(result.Headline)}.[/]");
            return CheckCommand.Violation;
        }
        if (result.Interrupted)
        {
            console.MarkupLine("[yellow]Interrupted: nothing found wrong in what ran.[/]");
            return CheckCommand.Interrupted;
        }
        if (result.Unknown)
        {
            console.MarkupLine($"[yellow]UNKNOWN: the checker could not decide ({Markup.Escape(result.Linearizability.UnknownReason ?? "")}). Not a pass: give it more time (--check-timeout).[/]");
            return CheckCommand.Unknown;
        }
        console.MarkupLine("[green]The real run passed.[/]");
        return CheckCommand.Passed;
    }

    private static Table Summary(ChaosResult result)
    {
        var table = new Table().Border(TableBorder.Rounded).HideHeaders().AddColumn("").AddColumn(new TableColumn("").RightAligned());
        int completed = result.History.Count(op => op.IsOutcomeKnown);
        table.AddRow("operations", $"{result.History.Count:N0}");
        table.AddRow("  completed / unknown outcome", $"{completed:N0} / {result.History.Count - completed:N0}");
        table.AddRow("server kills (kill -9) and restarts", $"{result.Kills}");
        table.AddRow("partitions", $"{result.Partitions}");
        if (result.Proxy is { } p)
        {
            table.AddRow("frames forwarded", $"{p.FramesForwarded:N0}");
            table.AddRow("requests / replies dropped", $"{p.RequestsDropped:N0} / {p.RepliesDropped:N0}");
            table.AddRow("frames delayed", $"{p.FramesDelayed:N0}");
            table.AddRow("connections cut", $"{p.Cut:N0}");
        }
        table.AddRow("violations", $"{result.Violations.Count}");
        table.AddRow("linearizability check", $"{result.Linearizability.Outcome} in {result.Linearizability.Elapsed.TotalMilliseconds:N0} ms");
        table.AddRow("wall time", $"{result.Elapsed.TotalSeconds:0.0} s");
        return table;
    }

    private static Option<RangeValue?> RangeOption(string name, string description, string fallback) => new(name)
    {
        Description = $"{description}: e.g. {fallback}, 500ms-2s, or none. [default: {fallback}]",
        HelpName = "min-max|none",
        DefaultValueFactory = r => ParseRange(fallback) ?? null,
        CustomParser = r =>
        {
            var text = OptionParsers.Token(r).Trim();
            if (text.Equals("none", StringComparison.OrdinalIgnoreCase)) return null;
            return ParseRange(text) ?? OptionParsers.Fail<RangeValue?>(r, $"{name}: '{text}' is not a range of durations. Give min-max (e.g. {fallback}) or none.");
        },
    };

    private static RangeValue? ParseRange(string text)
    {
        var parts = text.Split('-');
        if (parts.Length != 2 || Durations.Parse(parts[0]) is not { } min || Durations.Parse(parts[1]) is not { } max) return null;
        if (min > max || min < TimeSpan.Zero || max > OptionParsers.MaxTimeout) return null;
        return new RangeValue((min, max));
    }

    private static string Range((TimeSpan Min, TimeSpan Max) r) => $"{Durations.Format(r.Min)}–{Durations.Format(r.Max)}";

    /// <summary>A path.dll or path.dll:Type with the dll's path made absolute, so that the server process finds it.</summary>
    private static string AbsoluteDll(string spec)
    {
        int at = spec.IndexOf(".dll", StringComparison.OrdinalIgnoreCase) + 4;
        return Path.GetFullPath(spec[..at]) + spec[at..];
    }

    /// <summary>A range of durations (a class, so that an option can hold none).</summary>
    private sealed record RangeValue((TimeSpan Min, TimeSpan Max) Value);
}
