using KvService.Contract;
using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.Scenarios;

/// <summary>
/// One run of a scenario: a fresh simulated world (a server node, a node and clerk per client, a reader that reads
/// every key at the end), the fault schedule acting on it, and the history recorded as the run goes, so that nothing
/// is lost if the run fails.
/// </summary>
internal sealed class ScenarioRun(Scenario scenario, IKvImplementation implementation, RunOptions options)
{
    private const string ServerName = "server";
    private const long MaxSteps = 5_000_000;
    private const long NanosecondsPerTick = 100;

    private readonly List<OperationRecord> _records = [];
    private readonly List<Violation> _runViolations = [];
    private readonly List<FaultEvent> _open = [];
    private readonly List<ServerCrash> _armed = [];
    private readonly Dictionary<string, string> _finalValues = new(StringComparer.Ordinal);
    private Simulation _sim = null!;
    private Network _net = null!;
    private Node _server = null!;
    private ILogger _log = null!;
    private bool _logging;
    private bool _healed;
    private int _serverGeneration;
    private int _crashes;
    private int _faultsInjected;

    private long _lastStamp;

    /// <summary>
    /// The time of an event for the history: virtual nanoseconds, nudged so that every event gets its own, in the
    /// order the events happened (several happen at one virtual instant when nothing delays them).
    /// </summary>
    private long Stamp() => _lastStamp = Math.Max(_lastStamp + 1, _sim.Elapsed.Ticks * NanosecondsPerTick);

    private string Elapsed => Durations.Format(_sim.Elapsed);

    public Verdict Execute()
    {
        var runLog = options.CaptureLog ? new RunLog() : null;
        var budget = scenario.ScheduleEnd + 2 * scenario.LivenessTimeout + TimeSpan.FromMinutes(1);
        using var sim = new Simulation(scenario.Seed, new SimulationOptions { LoggerFactory = runLog, MaxVirtualTime = budget, MaxSteps = MaxSteps });
        using var net = new Network(sim);
        (_sim, _net) = (sim, net);
        _log = sim.LoggerFactory.CreateLogger("Scenario");
        _logging = _log.IsEnabled(LogLevel.Information);
        try
        {
            sim.Run(MainAsync);
        }
        catch (Exception error)
        {
            _runViolations.Insert(0, new Violation(ViolationKind.RunFailed, Explain(error)));
        }

        var history = _records.Select(r => r.ToOperation()).ToList();
        var check = LinearizabilityChecker.Check(KvModel.Partitioned, history, new CheckOptions
        {
            ComputeLinearizations = options.ComputeLinearizations,
            Timeout = options.CheckTimeout,
            MaxDegreeOfParallelism = options.CheckTimeout is null ? 1 : null,
        });
        var violations = new List<Violation>(_runViolations.Where(v => v.Kind == ViolationKind.RunFailed));
        if (check.Outcome == CheckOutcome.Illegal) violations.Add(new Violation(ViolationKind.NotLinearizable, ExplainIllegal(check, scenario.Clients, options.ComputeLinearizations)));
        violations.AddRange(AtMostOnceChecker.Check(history, _finalValues, scenario.Clients).Select(m => new Violation(ViolationKind.AtMostOnce, m)));
        violations.AddRange(_runViolations.Where(v => v.Kind != ViolationKind.RunFailed));
        return new Verdict
        {
            Scenario = scenario,
            Implementation = implementation.Name,
            TraceHash = sim.TraceHash,
            Counts = new RunCounts(history.Count, history.Count(op => op.IsOutcomeKnown), net.TotalCount, net.Drops, net.Duplicates,
                _crashes, _faultsInjected, sim.Elapsed, sim.Steps),
            Violations = violations,
            History = history,
            Linearizability = check,
            Log = runLog?.ToString(),
        };
    }

    private async Task MainAsync()
    {
        _server = _sim.CreateNode(ServerName);
        await StartServerAsync();
        _net.OnCallEvent = OnCallEvent;
        foreach (var fault in scenario.Faults) _sim.Go(() => PlayAsync(fault));

        var clients = new Task[scenario.Clients];
        for (int c = 0; c < clients.Length; c++)
        {
            int client = c;
            var end = Connect("client" + c);
            clients[c] = _sim.CreateNode("client" + c).Spawn(() => ClientAsync(client, end), "client " + c);
        }
        var all = Task.WhenAll(clients);
        if (scenario.ScheduleEnd > TimeSpan.Zero) await Task.WhenAny(all, _sim.Delay(scenario.ScheduleEnd));
        Heal();
        var healedAt = _sim.Elapsed;
        if (!all.IsCompleted) await Task.WhenAny(all, _sim.Delay(scenario.LivenessTimeout));
        if (!all.IsCompleted) ReportUnfinished(healedAt, "after the network healed");

        var reader = Connect("reader");
        var reads = _sim.CreateNode("reader").Spawn(() => FinalReadsAsync(reader), "final reads");
        var readsStarted = _sim.Elapsed;
        await Task.WhenAny(reads, _sim.Delay(scenario.LivenessTimeout));
        if (!reads.IsCompleted) ReportUnfinished(readsStarted, "after the final reads began");
    }

    private ClientEnd Connect(string name)
    {
        var end = _net.MakeEnd(name);
        _net.Connect(name, ServerName);
        _net.Enable(name, true);
        return end;
    }

    private Task StartServerAsync()
    {
        var node = _server;
        return node.Spawn(() =>
        {
            _net.AddServer(ServerName, implementation.CreateServer(node, node.Persister), node);
            return Task.CompletedTask;
        }, "start the server");
    }

    private async Task ClientAsync(int client, ClientEnd end)
    {
        var clerk = implementation.CreateClerk(_sim, [end]);
        for (int i = scenario.FirstOperation; i < scenario.FirstOperation + scenario.OperationsPerClient; i++)
        {
            var (input, think) = Workload.Step(scenario, client, i);
            if (think > TimeSpan.Zero) await _sim.Delay(think);
            if (!await PerformAsync(clerk, client, input)) return;
        }
    }

    private async Task FinalReadsAsync(ClientEnd end)
    {
        var clerk = implementation.CreateClerk(_sim, [end]);
        for (int k = 0; k < scenario.Keys; k++)
        {
            var key = Workload.Key(k);
            if (!await PerformAsync(clerk, scenario.Clients, KvInput.Get(key))) return;
            _finalValues[key] = _records[^1].Output!.Value ?? "";
        }
    }

    /// <summary>Calls the clerk and records the call and the return; false if the clerk threw (the client stops).</summary>
    private async Task<bool> PerformAsync(IKvClerk clerk, int client, KvInput input)
    {
        var record = new OperationRecord(client, input, Stamp());
        _records.Add(record);
        if (_logging) _log.LogInformation("{Client} calls {Operation}", Who(client), Describe(input));
        try
        {
            KvOutput output;
            if (input.Op == KvOp.Get) output = new KvOutput(await clerk.GetAsync(input.Key));
            else if (input.Op == KvOp.Append) output = new KvOutput(await clerk.AppendAsync(input.Key, input.Value));
            else
            {
                await clerk.PutAsync(input.Key, input.Value);
                output = KvOutput.None;
            }
            record.Complete(output, Stamp());
            if (_logging) _log.LogInformation("{Client} {Operation} returned", Who(client), KvModel.Describe(record.ToOperation()));
            return true;
        }
        catch (Exception error)
        {
            record.Threw = true;
            _runViolations.Add(new Violation(ViolationKind.RunFailed,
                $"{AtMostOnceChecker.Who(client, scenario.Clients)} {KvModel.Describe(record.ToOperation())}, called at {Time(record.Call)}, threw {error.GetType().Name} " +
                $"at {Elapsed}: {error.Message} A clerk must retry until it gets an answer, not throw.\n{Frames(error)}"));
            return false;
        }
    }

    private async Task PlayAsync(FaultEvent fault)
    {
        await _sim.Delay(fault.At);
        if (_healed) return;
        if (fault is ServerCrash crash)
        {
            if (crash.Moment == CrashMoment.AtTime) Crash(crash, "at " + Elapsed);
            else _armed.Add(crash);
            return;
        }
        _open.Add(fault);
        _faultsInjected++;
        if (_logging) _log.LogInformation("fault begins: {Fault}", fault.Describe());
        ApplyNetworkFaults();
        await _sim.Delay(fault.Duration);
        if (_healed) return;
        _open.Remove(fault);
        if (_logging) _log.LogInformation("fault ends: {Fault}", fault.Describe());
        ApplyNetworkFaults();
    }

    /// <summary>Sets the network to what the open windows say: the worst of each setting, and every client cut off that one says.</summary>
    private void ApplyNetworkFaults()
    {
        var profile = FaultProfile.Reliable;
        var isolated = new HashSet<string>(StringComparer.Ordinal);
        foreach (var fault in _open)
        {
            profile = fault switch
            {
                UnreliableNetwork => Worst(profile, FaultProfile.Unreliable.RequestDropRate, FaultProfile.Unreliable.ReplyDropRate, FaultProfile.Unreliable.MaxRequestDelay),
                DropsAndDelays d => Worst(profile, d.RequestDropRate, d.ReplyDropRate, d.MaxRequestDelay),
                LongReordering => profile with { LongReordering = true },
                DuplicateRequests r => profile with { DuplicateRate = Math.Max(profile.DuplicateRate, r.Rate) },
                _ => profile,
            };
            if (fault is ClientIsolation cut) isolated.Add("client" + cut.Client);
        }
        var before = _net.Faults.Isolated;
        _net.Faults = profile with { Isolated = before };
        foreach (var name in isolated.Where(n => !before.Contains(n))) _net.Isolate(name, true);
        foreach (var name in before.Where(n => !isolated.Contains(n))) _net.Isolate(name, false);
    }

    private static FaultProfile Worst(FaultProfile p, double requestDrops, double replyDrops, TimeSpan delay) => p with
    {
        RequestDropRate = Math.Max(p.RequestDropRate, requestDrops),
        ReplyDropRate = Math.Max(p.ReplyDropRate, replyDrops),
        MaxRequestDelay = p.MaxRequestDelay > delay ? p.MaxRequestDelay : delay,
    };

    private void OnCallEvent(CallEvent call)
    {
        if (_armed.Count == 0 || call.Server != ServerName || !_server.IsAlive) return;
        var moment = call.Stage switch
        {
            CallStage.Arrived => CrashMoment.OnArrival,
            CallStage.Executed => CrashMoment.AfterExecution,
            CallStage.ReplySent => CrashMoment.AfterReply,
            _ => CrashMoment.AtTime,
        };
        int i = _armed.FindIndex(c => c.Moment == moment);
        if (i < 0) return;
        var crash = _armed[i];
        _armed.RemoveAt(i);
        var what = $"call {call.CallId} ({call.Method} from {call.End}{(call.Duplicate ? ", a duplicate" : "")})";
        Crash(crash, moment switch
        {
            CrashMoment.OnArrival => $"as {what} arrived",
            CrashMoment.AfterExecution => $"after executing {what}, before its reply left",
            _ => $"just after the reply to {what} left",
        });
    }

    private void Crash(ServerCrash crash, string when)
    {
        if (_healed || !_server.IsAlive) return;
        _crashes++;
        _faultsInjected++;
        if (_logging) _log.LogInformation("server crashes {When}; restarts in {Downtime}", when, Durations.Format(crash.Duration));
        _server.Kill();
        int generation = ++_serverGeneration;
        _sim.MainNode.Go(async () =>
        {
            await _sim.Delay(crash.Duration);
            if (!_healed && generation == _serverGeneration) await RestartAsync();
        });
    }

    private async Task RestartAsync()
    {
        _serverGeneration++;
        _server.Restart();
        if (_logging) _log.LogInformation("server restarts from its persister (incarnation {Incarnation})", _server.Incarnation);
        await StartServerAsync();
    }

    private void Heal()
    {
        _healed = true;
        _armed.Clear();
        _open.Clear();
        ApplyNetworkFaults();
        if (_logging) _log.LogInformation("schedule over: the network heals{Server}", _server.IsAlive ? "" : " and the server restarts");
        if (!_server.IsAlive) _sim.Go(RestartAsync);
    }

    private void ReportUnfinished(TimeSpan since, string what)
    {
        foreach (var record in _records.Where(r => r.Return is null && !r.Threw && !r.Reported))
        {
            record.Reported = true;
            var who = AtMostOnceChecker.Who(record.Client, scenario.Clients);
            _runViolations.Add(new Violation(ViolationKind.Liveness,
                $"{who} {KvModel.Describe(record.ToOperation())}, called at {Time(record.Call)}, had not returned by {Elapsed}, " +
                $"{Durations.Format(scenario.LivenessTimeout)} {what} at {Durations.Format(since)}"));
        }
    }

    private static string ExplainIllegal(CheckResult<KvInput, KvOutput> check, int reader, bool computed)
    {
        var parts = check.Partitions.Where(p => p.Outcome == CheckOutcome.Illegal).ToList();
        var text = new List<string>();
        foreach (var part in parts.Take(3))
        {
            var key = part.Operations[0].Input.Key;
            if (!computed)
            {
                text.Add($"the {part.Operations.Count} operations on {key} do not linearize");
                continue;
            }
            if (part.Linearizations.Count == 0)
            {
                // Not even a first operation fits (or the linearizations were not computed): name those that could be first.
                long firstReturn = part.Operations.Min(op => op.Return ?? long.MaxValue);
                var first = string.Join("; ", part.Operations.Where(op => op.Call < firstReturn).Take(4).Select(op => Describe(op, reader)));
                text.Add($"on {key}, none of the {part.Operations.Count} operations fits as the first; the candidates: {first}");
                continue;
            }
            var next = string.Join("; ", part.RejectedNext.Take(4).Select(i => Describe(part.Operations[i], reader)));
            text.Add($"on {key}, at most {part.Linearizations[0].Count} of {part.Operations.Count} operations linearize; then none of these can come next: {next}");
        }
        if (parts.Count > 3) text.Add($"and {parts.Count - 3} more keys");
        return string.Join("\n", text);
    }

    private static string Describe(Operation<KvInput, KvOutput> op, int reader) =>
        $"{AtMostOnceChecker.Who(op.ClientId, reader)} {KvModel.Describe(op)} [{Time(op.Call)}–{(op.Return is { } r ? Time(r) : "?")}]";

    private string Who(int client) => client == scenario.Clients ? "the final read:" : $"client {client}:";

    private static string Describe(KvInput input) => input.Op switch
    {
        KvOp.Get => $"get({KvModel.Quote(input.Key)})",
        KvOp.Put => $"put({KvModel.Quote(input.Key)}, {KvModel.Quote(input.Value)})",
        _ => $"append({KvModel.Quote(input.Key)}, {KvModel.Quote(input.Value)})",
    };

    private static string Explain(Exception error) => error switch
    {
        SimulationException or RpcException => $"{error.GetType().Name}: {error.Message}",
        _ => $"{error.GetType().Name}: {error.Message}\n{Frames(error)}",
    };

    private static string Frames(Exception error) =>
        string.Join("\n", (error.StackTrace ?? "").Split('\n').Take(6).Select(line => line.TrimEnd()));

    private static string Time(long stamp) => Durations.Format(TimeSpan.FromTicks(stamp / NanosecondsPerTick));
}
