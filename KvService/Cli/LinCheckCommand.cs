using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using KvService.Histories;
using KvService.Model;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace KvService.Cli;

/// <summary>
/// <c>lincheck &lt;file&gt;</c>: checks a history file (a Jepsen etcd log or a KV history, told apart by
/// their content) for linearizability, prints the verdict and the time taken, and writes the
/// picture. Exit code 0: linearizable; 1: not linearizable; 2: unknown (time limit), unreadable input, or a picture that
/// cannot be written (said after the verdict).
/// </summary>
public static class LinCheckCommand
{
    /// <summary>Exit code for a linearizable history.</summary>
    public const int Linearizable = 0;

    /// <summary>Exit code for a history that is not linearizable.</summary>
    public const int NotLinearizable = 1;

    /// <summary>Exit code when the check could not decide, the file could not be read, or the picture could not be written.</summary>
    public const int UnknownOrUnreadable = 2;

    /// <summary>The time limit when none is given.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The <c>lincheck</c> subcommand, to add to the root command.</summary>
    public static Command Create()
    {
        var file = new Argument<string>("file")
        {
            Description = "A history: a Jepsen etcd log (data/histories/jepsen/*.log) or a KV history (data/histories/kv/*.txt, or one the harness wrote).",
            CustomParser = r => OptionParsers.ParsePath(r, "file", "file")!,
        };
        var output = OptionParsers.PathOption("--out", "-o", "Where to write the picture (HTML). Default: <file name>.html in the current folder.", "file");
        var timeout = new Option<TimeSpan>("--timeout", "-t")
        {
            Description = "Give up after this long and answer unknown (e.g. 30s, 500ms, 2m; a plain number is seconds).",
            DefaultValueFactory = _ => DefaultTimeout,
            CustomParser = r => OptionParsers.ParseTimeout(r, "--timeout", allowNone: false),
        };
        var noPartition = new Option<bool>("--no-partition")
        {
            Description = "Check a KV history as one whole store instead of key by key (much slower; for comparison).",
        };
        var command = new Command("lincheck", "Check a history file for linearizability and draw it.")
        {
            file, output, timeout, noPartition,
        };
        command.SetAction(parse => Run(
            new FileInfo(parse.GetRequiredValue(file)),
            parse.GetValue(output) is { } picture ? new FileInfo(picture) : null,
            parse.GetValue(timeout),
            parse.GetValue(noPartition),
            parse.InvocationConfiguration.Output));
        return command;
    }

    /// <summary>Checks <paramref name="file"/>, reports to <paramref name="console"/>, writes the picture; returns the exit code.</summary>
    public static int Run(FileInfo file, FileInfo? picture, TimeSpan timeout, bool noPartition, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(console);
        var path = picture?.FullName ?? Path.GetFullPath(Path.GetFileNameWithoutExtension(file.Name) + ".html");
        var options = new CheckOptions { Timeout = timeout, ComputeLinearizations = true };
        if (Directory.Exists(file.FullName))
        {
            console.WriteLine($"{file.FullName} is a folder, not a history file. Name a file, such as data/histories/kv/c01-bad.txt.");
            return UnknownOrUnreadable;
        }
        if (!File.Exists(file.FullName))
        {
            console.WriteLine($"{file.FullName}: no such file. Name a history file, such as data/histories/kv/c01-bad.txt.");
            return UnknownOrUnreadable;
        }
        try
        {
            var lines = File.ReadAllLines(file.FullName);
            var read = Stopwatch.StartNew(); // outside the simulation: wall time of reading a file, for the person reading
            return HistoryFormats.Detect(lines) switch
            {
                HistoryFormat.JepsenRegister => Report(
                    "Jepsen compare-and-set register log", CasRegisterModel.Model, JepsenLogReader.Read(lines), read, options, file, path, console),
                _ when noPartition => Report(
                    "KV history, checked as one store", KvModel.Unpartitioned, KvHistoryReader.Read(lines), read, options, file, path, console),
                _ => Report(
                    "KV history, checked key by key", KvModel.Partitioned, KvHistoryReader.Read(lines), read, options, file, path, console),
            };
        }
        catch (HistoryFormatException e)
        {
            console.WriteLine($"{file.Name}: cannot read {e.Message}");
            return UnknownOrUnreadable;
        }
        catch (IOException e)
        {
            console.WriteLine($"{file.Name}: cannot read the file: {e.Message}");
            return UnknownOrUnreadable;
        }
        catch (UnauthorizedAccessException e)
        {
            console.WriteLine($"{file.Name}: cannot read the file: {e.Message}");
            return UnknownOrUnreadable;
        }
    }

    private static int Report<TState, TInput, TOutput>(
        string kind,
        Model<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history,
        Stopwatch read,
        CheckOptions options,
        FileInfo file,
        string picture,
        TextWriter console)
    {
        var readTime = read.Elapsed;
        var result = LinearizabilityChecker.Check(model, history, options);
        var parts = result.Partitions;
        console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{file.Name}: {kind}; {history.Count} operation{(history.Count == 1 ? "" : "s")}, {parts.Count} part{(parts.Count == 1 ? "" : "s")} (read in {Ms(readTime)})"));
        var verdict = result.Outcome switch
        {
            CheckOutcome.Ok => "linearizable",
            CheckOutcome.Illegal => "NOT linearizable",
            _ => $"unknown: {result.UnknownReason}",
        };
        console.WriteLine($"Verdict: {verdict} (checked in {Ms(result.Elapsed)})");
        if (model.AppendRegister is not null && parts.Count > 0)
        {
            var decided = parts.Where(p => p.Outcome != CheckOutcome.Unknown).ToList();
            var fromValues = decided.Count(p => p.Method == DecisionMethod.UniqueValues);
            var fallback = decided.FirstOrDefault(p => p.FallbackReason is not null)?.FallbackReason;
            console.WriteLine($"Decided from unique values, without search: {fromValues} of {decided.Count} part{(decided.Count == 1 ? "" : "s")} decided" +
                (fallback is null ? "" : $"; the others searched (e.g. {fallback})"));
        }
        foreach (var (part, index) in parts.Select((p, i) => (p, i + 1)).Where(x => x.p.Outcome == CheckOutcome.Illegal))
        {
            var longest = part.Linearizations.Count > 0 ? part.Linearizations[0].Count : 0;
            var where = parts.Count > 1 ? $"Part {index}" : "History";
            if (part.Explanation is { } why)
            {
                console.WriteLine($"{where}: {why.Replace("\n", "\n  ", StringComparison.Ordinal)}");
            }
            console.WriteLine(longest == 0 && !part.LinearizationsComplete
                ? $"{where}: no linearizable prefix found (the search for one was cut short)"
                : longest == 0
                ? $"{where}: not even the first operation can be linearized; none of these could have gone first:"
                : part.LinearizationsComplete
                ? $"{where}: the longest linearizable prefix has {longest} of {part.Operations.Count} operations; then none of these can come next:"
                : $"{where}: a linearizable prefix (from a search cut short) has {longest} of {part.Operations.Count} operations; then none of these can come next:");
            foreach (var i in part.RejectedNext)
            {
                var op = part.Operations[i];
                console.WriteLine($"  {model.Describe(op)}  (client {op.ClientId}, called at {op.Call}, returned at {op.Return?.ToString(CultureInfo.InvariantCulture) ?? "?"})");
            }
        }
        try
        {
            HistoryVisualizer.WriteHtml(model, result, picture, $"{file.Name}: {verdict}");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // The input was read and checked: the verdict above stands; only the picture is missing.
            console.WriteLine($"Cannot write the picture to {picture}: {e.Message.TrimEnd('.')}. The verdict above stands; give --out a file in a folder you can write.");
            return UnknownOrUnreadable;
        }
        console.WriteLine($"Picture: {picture}");
        return result.Outcome switch
        {
            CheckOutcome.Ok => Linearizable,
            CheckOutcome.Illegal => NotLinearizable,
            _ => UnknownOrUnreadable,
        };
    }

    private static string Ms(TimeSpan t) => t.TotalSeconds >= 1
        ? t.TotalSeconds.ToString("0.00 s", CultureInfo.InvariantCulture)
        : t.TotalMilliseconds.ToString("0.0 ms", CultureInfo.InvariantCulture);
}
