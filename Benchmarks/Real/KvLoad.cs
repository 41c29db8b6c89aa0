using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using KvService.Reference;

namespace LabRpc.Benchmarks.Real;

/// <summary>
/// <c>kvload</c>: the load of Go's anchor (<c>Benchmarks/GoAnchor/cmd/kvload</c>) against our KV server over TCP. N
/// reference clerks, each on a <see cref="RealNode"/> of its own, do Put and Get in turn on a few keys for a fixed time
/// after a warm-up, each over its own connection or all over one; every operation started while measuring is timed.
/// Prints one line in Go's format, <c>cs</c> in place of <c>go</c>:
/// <c>cs clients=16 conn=shared server=durable seconds=5.0 ops=… ops/s=… p50_us=… p99_us=… errors=0 client_cpu_us_per_op=…</c>
/// (the last: this process's CPU time while measuring, per operation).
/// </summary>
internal static class KvLoad
{
    private const int Usage = 2;

    private const string Help = """
        kvload: load on a KV server ('serve'), as Go's kvload loads the Go anchor.

        Usage: kvload [--server host:port] [--clients N] [--seconds T] [--warmup W] [--shared-connection]
                      [--server-kind durable|in-memory] [--keys K] [--seed S] [--wait T] [--timeout T]

          --server             the server [default: 127.0.0.1:1234]
          --clients            concurrent clerks (the reference clerk, each on a node of its own) [default: 1]
          --seconds            how long to measure, after the warm-up [default: 5]
          --warmup             seconds of load before measuring [default: 1]
          --shared-connection  every clerk calls through one connection (conn=shared); else one each (conn=persistent)
          --server-kind        what the line says the server keeps its data in [default: unknown]
          --keys               how many keys the clerks share [default: 4]
          --seed               seed of the key choices [default: 1]
          --wait               seconds to wait for the server to answer a first Get [default: 5]
          --timeout            seconds before a call with no answer fails (an error) and is sent again [default: 1]

        Prints: cs clients=16 conn=shared server=durable seconds=5.0 ops=... ops/s=... p50_us=... p99_us=... errors=0
                client_cpu_us_per_op=... (this process's CPU time while measuring, per operation)
        (p50 and p99: nearest rank over the operations started while measuring, in microseconds; errors: calls that
        failed, each resent by its clerk). Exit codes: 0 done; 1 a call failed or nothing was measured; 2 a bad option
        or no server.
        """;

    /// <summary>Runs <c>kvload</c> with <paramref name="args"/> (after the mode's name) and returns the exit code.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Any(a => a is "--help" or "-h"))
        {
            Console.WriteLine(Help);
            return 0;
        }
        KvLoadOptions options;
        try
        {
            options = Parse(args);
        }
        catch (FormatException error)
        {
            await Console.Error.WriteLineAsync($"kvload: {error.Message} ('kvload --help' lists the options.)");
            return Usage;
        }
        return await RunAsync(options, Console.Out, Console.Error);
    }

    /// <summary>Reads the options; a bad one throws <see cref="FormatException"/> with a message that names it.</summary>
    public static KvLoadOptions Parse(IReadOnlyList<string> args)
    {
        var options = new KvLoadOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (name == "--shared-connection")
            {
                options = options with { SharedConnection = true };
                continue;
            }
            if (i + 1 >= args.Count) throw new FormatException(name.StartsWith("--", StringComparison.Ordinal) ? $"{name} needs a value." : $"'{name}' is not an option.");
            string value = args[++i];
            options = name switch
            {
                "--server" => options with { Server = value },
                "--clients" => options with { Clients = Int(name, value, 1, 10_000) },
                "--seconds" => options with { Seconds = Seconds(name, value, positive: true) },
                "--warmup" => options with { Warmup = Seconds(name, value, positive: false) },
                "--keys" => options with { Keys = Int(name, value, 1, 1_000_000) },
                "--seed" => options with { Seed = Int(name, value, 0, int.MaxValue / 2) },
                "--server-kind" => options with { ServerKind = Kind(value) },
                "--wait" => options with { Wait = TimeSpan.FromSeconds(Seconds(name, value, positive: true)) },
                "--timeout" => options with { CallTimeout = TimeSpan.FromSeconds(Seconds(name, value, positive: true)) },
                _ => throw new FormatException($"'{name}' is not an option."),
            };
        }
        return options;
    }

    /// <summary>Runs the load and writes its line to <paramref name="output"/>; trouble goes to <paramref name="error"/>.</summary>
    public static async Task<int> RunAsync(KvLoadOptions options, TextWriter output, TextWriter error)
    {
        var clientOptions = new TcpClientOptions { Timeout = options.CallTimeout };
        TcpClientEnd first;
        try
        {
            first = TcpClientEnd.Connect(options.Server, clientOptions);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync($"kvload: --server: {e.Message.Replace($" (Parameter '{e.ParamName}')", "", StringComparison.Ordinal)}");
            return Usage;
        }
        if (await WaitForServer(first.Address, options.Wait) is { } unreachable)
        {
            first.Dispose();
            await error.WriteLineAsync($"kvload: no server at {options.Server} after {options.Wait.TotalSeconds:0.#} s ({unreachable}); " +
                $"start one with: dotnet run -c Release --project KvService -- serve --port {first.Address[(first.Address.LastIndexOf(':') + 1)..]} --in-memory");
            return Usage;
        }

        // One connection each (conn=persistent, as Go's clients have), or one for all (conn=shared).
        var ends = new List<TcpClientEnd> { first };
        var callers = new List<CountingCaller> { new(first) };
        if (!options.SharedConnection)
        {
            for (int i = 1; i < options.Clients; i++)
            {
                var end = TcpClientEnd.Connect(options.Server, clientOptions);
                ends.Add(end);
                callers.Add(new CountingCaller(end));
            }
        }
        string[] keys = [.. Enumerable.Range(0, options.Keys).Select(k => $"k{k}")];
        var implementation = new ReferenceKv();
        var clerks = new List<LoadClerk>(options.Clients);
        try
        {
            for (int i = 0; i < options.Clients; i++)
                clerks.Add(new LoadClerk(i, implementation, callers[options.SharedConnection ? 0 : i].End, keys, options.Seed));

            // Connections open before the load starts: the connect is not part of what is measured.
            var primed = Task.WhenAll(clerks.Select(c => c.Prime()));
            if (await Task.WhenAny(primed, Task.Delay(options.Wait)) != primed)
            {
                await error.WriteLineAsync($"kvload: {options.Server} accepts connections, but no Get was answered within " +
                    $"{options.Wait.TotalSeconds:0.#} s: is it a KV server ('serve')? ({callers.Sum(c => c.Failed)} calls failed)");
                return Usage;
            }
            await primed;
            long primingFailures = callers.Sum(c => c.Failed);

            var phase = new LoadPhase();
            var loops = Task.WhenAll(clerks.Select(c => c.Run(phase)));
            await Task.Delay(TimeSpan.FromSeconds(options.Warmup));
            phase.Set(LoadPhase.Measuring);
            long start = Stopwatch.GetTimestamp();
            var cpuStart = Process.GetCurrentProcess().TotalProcessorTime;
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            phase.Set(LoadPhase.Stopping);
            var elapsed = Stopwatch.GetElapsedTime(start);
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuStart;
            var grace = options.CallTimeout * 2 + TimeSpan.FromSeconds(5);
            if (await Task.WhenAny(loops, Task.Delay(grace)) != loops)
            {
                await error.WriteLineAsync($"kvload: the clerks' last operations did not finish within {grace.TotalSeconds:0.#} s of the end " +
                    $"({callers.Sum(c => c.Failed)} calls failed): did the server at {options.Server} stop?");
                return 1;
            }
            await loops;

            long failed = callers.Sum(c => c.Failed);
            long[] all = [.. clerks.SelectMany(c => c.Latencies)];
            Array.Sort(all);
            double seconds = elapsed.TotalSeconds;
            string conn = options.SharedConnection ? "shared" : "persistent";
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"cs clients={options.Clients} conn={conn} server={options.ServerKind} seconds={seconds:F1} ops={all.Length} " +
                $"ops/s={all.Length / seconds:F0} p50_us={Micros(NearestRank.Percentile(all, 0.50)):F1} " +
                $"p99_us={Micros(NearestRank.Percentile(all, 0.99)):F1} errors={failed} " +
                $"client_cpu_us_per_op={(all.Length == 0 ? 0 : cpu.TotalMicroseconds / all.Length):F1}"));
            if (failed > 0)
            {
                await error.WriteLineAsync($"kvload: {failed} calls failed ({primingFailures} while connecting): no answer within " +
                    $"{options.CallTimeout.TotalSeconds:0.###} s, or a lost connection; each was sent again by its clerk, and its " +
                    "time counts in its operation's latency.");
                return 1;
            }
            if (all.Length == 0)
            {
                await error.WriteLineAsync("kvload: no operation was started while measuring; the figures above mean nothing.");
                return 1;
            }
            return 0;
        }
        finally
        {
            foreach (var end in ends) end.Dispose();
            foreach (var clerk in clerks) clerk.Dispose();
        }
    }

    private static double Micros(long ticks) => ticks * 1e6 / Stopwatch.Frequency;

    /// <summary>Dials until a connection is accepted or the time is up (the server may still be starting); null when one was.</summary>
    private static async Task<string?> WaitForServer(string address, TimeSpan wait)
    {
        int colon = address.LastIndexOf(':');
        string host = address[..colon].Trim('[', ']');
        int port = int.Parse(address.AsSpan(colon + 1), CultureInfo.InvariantCulture);
        long deadline = Stopwatch.GetTimestamp() + (long)(wait.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(host, port);
                return null;
            }
            catch (SocketException e)
            {
                if (Stopwatch.GetTimestamp() > deadline) return e.Message;
            }
            await Task.Delay(50);
        }
    }

    private static int Int(string name, string value, int min, int max) =>
        int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) && n >= min && n <= max ? n
            : throw new FormatException($"{name}: '{value}' is not a whole number from {min} to {max}.");

    private static double Seconds(string name, string value, bool positive) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && double.IsFinite(s) && (positive ? s > 0 : s >= 0) && s <= 86_400 ? s
            : throw new FormatException($"{name}: '{value}' is not a number of seconds {(positive ? "above 0" : "from 0")} up to 86400.");

    private static string Kind(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_') ? value
            : throw new FormatException($"--server-kind: '{value}' is not one word (letters, digits, '-'): give e.g. durable or in-memory.");
}
