using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using KvService.Contract;
using KvService.Harness;
using KvService.Model;
using KvService.Scenarios;
using LabRpc;
using LabRpc.Linearizability;

namespace KvService.Real;

/// <summary>
/// A Jepsen-style check of a real run: the server as a child process (<c>serve</c>, durable, on a free port), clerks of
/// the same implementation over TCP through a <see cref="FaultProxy"/> that delays, drops and cuts, the server killed
/// with SIGKILL at random moments and started again, every operation recorded with monotonic times. When the faults
/// stop, every operation under way must finish, a final read takes every key's value, and the history is judged by the
/// same checkers as a simulated scenario: linearizability, at-most-once on the appended tokens, and liveness.
/// </summary>
public sealed class ChaosRun
{
    private readonly ChaosOptions _options;
    private readonly IKvImplementation _implementation;
    private readonly Action<ChaosProgress>? _progress;
    private readonly StringBuilder _log = new();
    private readonly long _start = Stopwatch.GetTimestamp(); // outside the simulation: a chaos run is against real processes; wall time orders its history
    private readonly KvHistory _history;
    private readonly List<Violation> _violations = [];
    private int _kills;
    private long _answered;
    private int _partitions;
    private string _phase = "faults";

    private ChaosRun(ChaosOptions options, IKvImplementation implementation, Action<ChaosProgress>? progress)
    {
        _options = options;
        _implementation = implementation;
        _progress = progress;
        _history = new KvHistory(Now);
    }

    /// <summary>Runs <paramref name="implementation"/> (which <see cref="ChaosOptions.Implementation"/> names, for the
    /// server process) as <paramref name="options"/> say, and judges the run. Ctrl-C (<paramref name="cancellation"/>)
    /// stops the faults early; what ran is still judged.</summary>
    /// <exception cref="KvHostException">The server could not be started.</exception>
    public static async Task<ChaosResult> RunAsync(
        IKvImplementation implementation, ChaosOptions options, Action<ChaosProgress>? progress = null, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(options);
        return await new ChaosRun(options, implementation, progress).RunAsync(cancellation);
    }

    private async Task<ChaosResult> RunAsync(CancellationToken cancellation)
    {
        var options = _options;
        string data = Path.GetFullPath(Path.Combine(options.Folder, "data"));
        if (Directory.Exists(data)) Directory.Delete(data, recursive: true);
        var random = new DeterministicRandom(options.Seed);
        Log($"real run of {_implementation.Name}: seed {options.Seed}, {options.Clients} clients, {options.Keys} keys, {Durations.Format(options.Duration)} of faults; data in {data}");

        await using var server = new ServerProcess(options.Implementation, data, Log);
        await server.StartAsync(CancellationToken.None);
        FaultProxy? proxy = options.Proxy is { } faults
            ? new FaultProxy(new IPEndPoint(IPAddress.Loopback, server.Port), faults with { Seed = random.NextUInt64() })
            : null;
        await using var proxyScope = proxy;
        int port = proxy?.Port ?? server.Port;
        Log(proxy is null ? $"clerks connect to the server on port {port}" : $"clerks connect through the proxy on port {port} to the server on port {server.Port}");

        var clerks = Enumerable.Range(0, options.Clients).Select(i => Clerk.Make(_implementation, i, port, options, random.NextUInt64())).ToList();
        bool interrupted = false;
        var stopAt = Now() + options.Duration.Ticks * 100;
        using var stopFaults = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        stopFaults.CancelAfter(options.Duration);
        var running = clerks.Select(c => c.RunAsync(this, stopFaults.Token)).ToList();
        try
        {
            await InjectFaultsAsync(server, proxy, random, stopFaults.Token);
        }
        finally
        {
            interrupted = cancellation.IsCancellationRequested;
            _phase = "healing";
            if (proxy is not null)
            {
                proxy.Partitioned = false;
                proxy.Options = new FaultProxyOptions { Seed = proxy.Options.Seed };
            }
            Log("faults stop: the proxy forwards everything, the server is up; every operation under way must now finish");
            if (!server.IsRunning) await server.StartAsync(CancellationToken.None);
            Report();
        }

        // Liveness: each clerk's operation under way finishes within the timeout once the faults stop.
        var all = Task.WhenAll(running);
        var deadline = Task.Delay(options.LivenessTimeout); // outside the simulation: a real deadline
        while (!all.IsCompleted && !deadline.IsCompleted)
        {
            await Task.WhenAny(all, deadline, Task.Delay(250));
            Report();
        }
        foreach (var clerk in clerks.Where(c => c.Pending is not null))
        {
            var op = _history[clerk.Pending!.Value];
            _violations.Add(new Violation(ViolationKind.Liveness,
                $"client {clerk.Id}'s {KvModel.Describe(op)}, called at {Explanations.Time(op.Call)}, had not returned " +
                $"{Durations.Format(options.LivenessTimeout)} after the faults stopped"));
        }
        foreach (var clerk in clerks.Where(c => c.Failure is not null))
            _violations.Add(new Violation(ViolationKind.RunFailed, $"client {clerk.Id}'s clerk threw {clerk.Failure}"));

        // The final read: every key, straight to the server.
        _phase = "final read";
        Report();
        var finalValues = await FinalReadAsync(server.Port, options, random.NextUInt64());
        var elapsed = Stopwatch.GetElapsedTime(_start); // outside the simulation: a chaos run reports its wall-clock duration
        server.Kill();
        foreach (var clerk in clerks) clerk.Dispose();

        _phase = "checking";
        Report();
        var history = _history.ToOperations();
        var check = LinearizabilityChecker.Check(KvModel.Partitioned, history, new CheckOptions
        {
            ComputeLinearizations = true,
            Timeout = options.CheckTimeout,
        });
        var violations = new List<Violation>();
        if (check.Outcome == CheckOutcome.Illegal)
            violations.Add(new Violation(ViolationKind.NotLinearizable, Explanations.Illegal(check, options.Clients, linearizationsComputed: true)));
        violations.AddRange(AtMostOnceChecker.Check(history, finalValues, options.Clients).Select(m => new Violation(ViolationKind.AtMostOnce, m)));
        violations.AddRange(_violations);
        Log($"judged: {(violations.Count == 0 ? check.Outcome.ToString() : string.Join("; ", violations.Select(v => v.Label)))}");
        return new ChaosResult
        {
            Options = options,
            Implementation = _implementation.Name,
            History = history,
            Linearizability = check,
            Violations = violations,
            Kills = _kills,
            Partitions = _partitions,
            Proxy = proxy?.Counts,
            Elapsed = elapsed,
            Interrupted = interrupted,
            Log = LogText(),
        };
    }

    /// <summary>Kills and restarts the server, and partitions the clerks off, at random moments until stopped. A kill
    /// waits until the server, since it last started, has answered an operation: each incarnation serves some load, however
    /// slowly a process starts on this machine.</summary>
    private async Task InjectFaultsAsync(ServerProcess server, FaultProxy? proxy, DeterministicRandom random, CancellationToken stop)
    {
        var options = _options;
        long nextKill = options.KillEvery is { } k ? Now() + Draw(random, k) : long.MaxValue;
        long answeredAtStart = 0; // a kill waits until the server's incarnation has answered something: it comes mid-load
        long nextPartition = proxy is not null && options.PartitionEvery is { } p ? Now() + Draw(random, p) : long.MaxValue;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                long now = Now();
                if (now >= nextKill && _answered > answeredAtStart)
                {
                    server.Kill();
                    _kills++;
                    var down = TimeSpan.FromTicks(Draw(random, options.Down) / 100);
                    Log($"kill -9 the server; it stays down {Durations.Format(down)}");
                    Report();
                    await Task.Delay(down, stop);
                    await server.StartAsync(stop);
                    answeredAtStart = _answered;
                    nextKill = Now() + Draw(random, options.KillEvery!.Value);
                }
                else if (now >= nextPartition)
                {
                    var span = TimeSpan.FromTicks(Draw(random, options.PartitionFor) / 100);
                    proxy!.Partitioned = true;
                    _partitions++;
                    Log($"partition: the clerks are cut off from the server for {Durations.Format(span)}");
                    Report();
                    await Task.Delay(span, stop);
                    proxy.Partitioned = false;
                    Log("partition healed");
                    nextPartition = Now() + Draw(random, options.PartitionEvery!.Value);
                }
                else
                {
                    await Task.Delay(TimeSpan.FromTicks(Math.Clamp(Math.Min(nextKill, nextPartition) - now, 0, 250_000_000) / 100), stop);
                    Report();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // the faults' time is up (or Ctrl-C)
        }
    }

    /// <summary>Reads every key with a fresh clerk connected straight to the server; the values for the at-most-once check.</summary>
    private async Task<Dictionary<string, string>> FinalReadAsync(int port, ChaosOptions options, ulong seed)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = Clerk.Make(_implementation, options.Clients, port, options, seed);
        for (int i = 0; i < options.Keys; i++)
        {
            var input = KvInput.Get(Workload.Key(i));
            var done = reader.RecordAsync(this, input);
            if (await Task.WhenAny(done, Task.Delay(options.LivenessTimeout)) != done) // outside the simulation: a real deadline
            {
                _violations.Add(new Violation(ViolationKind.Liveness,
                    $"the final read's Get({input.Key}) had not returned {Durations.Format(options.LivenessTimeout)} after it was called, with the server up and no faults"));
                break;
            }
            if (reader.Failure is not null)
            {
                _violations.Add(new Violation(ViolationKind.RunFailed, $"the final read's clerk threw {reader.Failure}"));
                break;
            }
            values[input.Key] = (await done)!;
        }
        return values;
    }

    /// <summary>Nanoseconds of the monotonic clock since the start of the run.</summary>
    private long Now() => Stopwatch.GetElapsedTime(_start).Ticks * 100; // outside the simulation: a chaos run timestamps its history in wall time

    /// <summary>A uniform draw from <paramref name="range"/>, in whole milliseconds, as nanoseconds.</summary>
    private static long Draw(DeterministicRandom random, (TimeSpan Min, TimeSpan Max) range)
    {
        long min = (long)range.Min.TotalMilliseconds, max = (long)range.Max.TotalMilliseconds;
        return (min + (long)(random.NextDouble() * (max - min + 1))) * 1_000_000;
    }

    private void Report() => _progress?.Invoke(new ChaosProgress(_phase, Stopwatch.GetElapsedTime(_start), _history.Count, _kills, _partitions)); // outside the simulation: chaos runs real processes over TCP in real time

    private void Log(string line)
    {
        var at = Stopwatch.GetElapsedTime(_start).TotalSeconds.ToString("0.000", CultureInfo.InvariantCulture); // outside the simulation: a real run's log is stamped with real time
        lock (_log) _log.Append('[').Append(at, 0, at.Length).Append("s] ").AppendLine(line);
    }

    private string LogText()
    {
        lock (_log) return _log.ToString();
    }

    /// <summary>One clerk of the run: the implementation's clerk on a real node of its own, over its own connection.</summary>
    private sealed class Clerk : IDisposable
    {
        private readonly RealNode _node;
        private readonly TcpClientEnd _end;
        private readonly IKvClerk _clerk;
        private readonly DeterministicRandom _random;
        private readonly ChaosOptions _options;
        private int _index;

        private Clerk(int id, RealNode node, TcpClientEnd end, IKvClerk clerk, ChaosOptions options)
        {
            Id = id;
            _node = node;
            _end = end;
            _clerk = clerk;
            _random = node.Random;
            _options = options;
        }

        public int Id { get; }

        /// <summary>The token of the operation under way, if any.</summary>
        public int? Pending { get; private set; }

        /// <summary>What the clerk threw, if it did.</summary>
        public string? Failure { get; private set; }

        public static Clerk Make(IKvImplementation implementation, int id, int port, ChaosOptions options, ulong seed)
        {
            var node = new RealNode($"clerk{id}", seed);
            var end = TcpClientEnd.Connect($"127.0.0.1:{port}", new TcpClientOptions { Timeout = options.CallTimeout });
            var clerk = node.Invoke(() => implementation.CreateClerk(node, [end.End]))
                ?? throw new KvImplementationException($"{implementation.Name}: CreateClerk returned null.");
            return new Clerk(id, node, end, clerk, options);
        }

        /// <summary>Operations, with a pause before each, until <paramref name="stop"/>; the last one runs to its end.</summary>
        public async Task RunAsync(ChaosRun run, CancellationToken stop)
        {
            while (!stop.IsCancellationRequested && Failure is null)
            {
                var think = TimeSpan.FromTicks(Draw(_random, _options.Think) / 100);
                if (think > TimeSpan.Zero)
                {
                    try
                    {
                        await Task.Delay(think, stop);
                    }
                    catch (OperationCanceledException)
                    {
                        return;
                    }
                }
                await RecordAsync(run, Next());
            }
        }

        /// <summary>Calls <paramref name="input"/> on the clerk, on its node, recording the call and its return.</summary>
        public async Task<string?> RecordAsync(ChaosRun run, KvInput input)
        {
            int token = run._history.Call(Id, input);
            Pending = token;
            try
            {
                string? value = await _node.Invoke(() => Call(input));
                run._history.Return(token, value is null ? KvOutput.None : new KvOutput(value));
                Interlocked.Increment(ref run._answered);
                Pending = null;
                return value;
            }
            catch (Exception error)
            {
                run._history.Threw(token);
                Pending = null;
                Failure = $"{error.GetType().Name}: {error.Message}";
                return null;
            }
        }

        public void Dispose()
        {
            _end.Dispose();
            _node.Dispose();
        }

        private async Task<string?> Call(KvInput input)
        {
            switch (input.Op)
            {
                case KvOp.Get:
                    return await _clerk.GetAsync(input.Key);
                case KvOp.Put:
                    await _clerk.PutAsync(input.Key, input.Value);
                    return null;
                default:
                    return await _clerk.AppendAsync(input.Key, input.Value);
            }
        }

        /// <summary>The next operation: a Get (30 %), a Put (10 %) or an Append of a unique token (60 %) on a random key.</summary>
        private KvInput Next()
        {
            int index = _index++;
            string key = Workload.Key(_random.Next(_options.Keys));
            double pick = _random.NextDouble();
            return pick < 0.3 ? KvInput.Get(key)
                : pick < 0.4 ? KvInput.Put(key, Workload.PutValue(Id, index))
                : KvInput.Append(key, Workload.Token(Id, index));
        }
    }
}
