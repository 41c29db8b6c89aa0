using System.Diagnostics;
using System.Globalization;
using KvService.Histories;
using KvService.Model;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace LabRpc.Benchmarks.Linearizability;

/// <summary>
/// Two commands of the Benchmarks program for <c>scripts/bench-checker-go.sh</c>, which compares the checker with
/// Porcupine side by side (Porcupine's runner prints the same lines):
/// <list type="bullet">
/// <item><c>checker-times [--reps 5] [--no-partition] [--search-only] [--together NAME] [--timeout SECONDS] file...</c>:
/// per file (or for all files checked one after another, with <c>--together</c>), one line
/// <c>NAME best_ms median_ms verdict</c> after untimed checks for a second (at least one); Jepsen logs (<c>*.log</c>) with the CAS register, KV
/// histories with the KV model (by key; <c>--search-only</c>: without its <see cref="KvModel.Register"/>, so every key
/// is searched, as a history outside the unique-value class would be).</item>
/// <item><c>hotkey-history --clients N [--ops 20] [--keys 1] [--seed 1] [--mix get:put:append] [--deadline-ms T]
/// [--mutate none|stale|garbage] --out FILE</c>: records a hot-key history from the simulator
/// (<see cref="HotKeyHistories"/>) and writes it in the KV history format.</item>
/// </list>
/// </summary>
public static class CheckerTimes
{
    /// <summary>Runs <c>checker-times</c> with the arguments after its name; returns the exit code (1 if a check was undecided).</summary>
    public static int Run(string[] args)
    {
        var reps = 5;
        var noPartition = false;
        var searchOnly = false;
        string? together = null;
        TimeSpan? timeout = null;
        var files = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--reps": reps = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--no-partition": noPartition = true; break;
                case "--search-only": searchOnly = true; break;
                case "--together": together = args[++i]; break;
                case "--timeout": timeout = TimeSpan.FromSeconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                default: files.Add(args[i]); break;
            }
        }
        var checks = files.Select(f => (Name: f, Check: Checker(f, noPartition, searchOnly, timeout))).ToList();
        if (together is not null)
        {
            var each = checks.Select(c => c.Check).ToArray();
            checks = [(together, () => each.Select(check => check()).Aggregate(CheckOutcome.Ok, Worse))];
        }
        var status = 0;
        foreach (var (name, check) in checks)
        {
            // Warm up to steady state (tiered compilation settles after some thousands of calls on small inputs): untimed
            // checks for a second, at least one.
            var verdict = check();
            var warm = Stopwatch.StartNew(); // outside the simulation: a benchmark's wall clock
            while (warm.ElapsedMilliseconds < 1000 && verdict != CheckOutcome.Unknown)
            {
                verdict = check();
            }
            var times = new List<double>();
            for (var i = 0; i < reps && verdict != CheckOutcome.Unknown; i++)
            {
                var watch = Stopwatch.StartNew(); // outside the simulation: a benchmark's wall clock
                verdict = check();
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            var (best, median) = times.Count > 0 ? (times[0], times[times.Count / 2]) : (-1.0, -1.0);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {best:0.00} {median:0.00} {Name(verdict)}"));
            if (verdict == CheckOutcome.Unknown)
            {
                status = 1;
            }
        }
        return status;
    }

    /// <summary>Runs <c>hotkey-history</c> with the arguments after its name; returns the exit code.</summary>
    public static int Generate(string[] args)
    {
        int clients = 10, ops = 20, keys = 1;
        ulong seed = 1;
        var mix = OperationMix.Even;
        TimeSpan? deadline = null;
        var mutation = HotKeyHistories.Mutation.None;
        string? output = null;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--clients": clients = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--ops": ops = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--keys": keys = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--seed": seed = ulong.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--mix":
                    var w = args[++i].Split(':').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
                    mix = new OperationMix(w[0], w[1], w[2]);
                    break;
                case "--deadline-ms": deadline = TimeSpan.FromMilliseconds(double.Parse(args[++i], CultureInfo.InvariantCulture)); break;
                case "--mutate": mutation = Enum.Parse<HotKeyHistories.Mutation>(args[++i], ignoreCase: true); break;
                case "--out": output = args[++i]; break;
                default: throw new ArgumentException($"hotkey-history: unknown argument {args[i]}");
            }
        }
        var history = HotKeyHistories.Mutate(HotKeyHistories.Record(clients, ops, keys, seed, mix, deadline), mutation);
        KvHistoryWriter.WriteFile(output ?? throw new ArgumentException("hotkey-history: --out FILE is needed"), history);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{output}: {history.Count} operations, {history.Count(o => !o.IsOutcomeKnown)} with unknown outcomes"));
        return 0;
    }

    private static Func<CheckOutcome> Checker(string file, bool noPartition, bool searchOnly, TimeSpan? timeout)
    {
        var options = new CheckOptions { Timeout = timeout };
        if (file.EndsWith(".log", StringComparison.Ordinal))
        {
            var history = JepsenLogReader.ReadFile(file);
            return () => LinearizabilityChecker.Check(CasRegisterModel.Model, history, options).Outcome;
        }
        var kv = KvHistoryReader.ReadFile(file);
        var partitioned = searchOnly ? KvModel.Partitioned with { AppendRegister = null } : KvModel.Partitioned;
        return noPartition
            ? () => LinearizabilityChecker.Check(KvModel.Unpartitioned, kv, options).Outcome
            : () => LinearizabilityChecker.Check(partitioned, kv, options).Outcome;
    }

    private static CheckOutcome Worse(CheckOutcome a, CheckOutcome b) =>
        a == CheckOutcome.Unknown || b == CheckOutcome.Unknown ? CheckOutcome.Unknown
        : a == CheckOutcome.Illegal || b == CheckOutcome.Illegal ? CheckOutcome.Illegal
        : CheckOutcome.Ok;

    private static string Name(CheckOutcome outcome) => outcome switch
    {
        CheckOutcome.Ok => "ok",
        CheckOutcome.Illegal => "illegal",
        _ => "unknown",
    };
}
