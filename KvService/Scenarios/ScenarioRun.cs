using KvService.Contract;
using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.Scenarios;

/// <summary>
/// One run of a scenario: a fresh simulated world (the server on its node, a node and clerk per client, a reader that
/// reads every key at the end), the fault schedule acting on it, the history recorded as the run goes (so that nothing
/// is lost if the run fails), and the judgement.
/// </summary>
internal sealed class ScenarioRun(Scenario scenario, IKvImplementation implementation, RunOptions options)
{
    private const long MaxSteps = 5_000_000;

    private readonly List<OperationRecord> _records = [];
    private readonly List<Violation> _runViolations = [];
    private bool _blocked;
    private readonly Dictionary<string, string> _finalValues = new(StringComparer.Ordinal);
    private Simulation _sim = null!;
    private Network _net = null!;
    private FaultSchedule _schedule = null!;
    private ILogger _log = null!;
    private bool _logging;
    private long _lastStamp;

    /// <summary>The network name of client <paramref name="client"/>'s end (and of its node).</summary>
    public static string ClientName(int client) => "client" + client;

    public Verdict Execute()
    {
        var runLog = options.CaptureLog ? new RunLog() : null;
        var budget = scenario.ScheduleEnd + 2 * scenario.LivenessTimeout + TimeSpan.FromMinutes(1);
        using var sim = new Simulation(scenario.Seed, new SimulationOptions
        {
            LoggerFactory = runLog, MaxVirtualTime = budget, MaxSteps = MaxSteps, StallTimeout = options.StallTimeout,
            StrictEscapeDetection = options.StrictEscapeDetection, StepRecording = options.StepRecording, MaxManagedMemory = options.MaxManagedMemory,
        });
        using var net = new Network(sim);
        (_sim, _net) = (sim, net);
        _log = sim.LoggerFactory.CreateLogger("Scenario");
        _logging = _log.IsEnabled(LogLevel.Information);
        _schedule = new FaultSchedule(scenario, implementation, sim, net, _log);
        try
        {
            sim.Run(MainAsync);
        }
        catch (Exception error)
        {
            _blocked = error is SimulationBlockedException { WaitedOutStallTimeout: true };
            _runViolations.Insert(0, new Violation(ViolationKind.RunFailed, Explanations.Failure(error)));
        }
        return Judge(runLog);
    }

    private async Task MainAsync()
    {
        await _schedule.StartAsync();
        var clients = new Task[scenario.Clients];
        for (int c = 0; c < clients.Length; c++)
        {
            int client = c;
            var end = Connect(ClientName(c));
            clients[c] = _sim.CreateNode(ClientName(c)).Spawn(() => ClientAsync(client, end), "client " + c);
        }
        var all = Task.WhenAll(clients);
        if (scenario.ScheduleEnd > TimeSpan.Zero) await Task.WhenAny(all, _sim.Delay(scenario.ScheduleEnd));
        _schedule.Heal();
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
        _net.Connect(name, FaultSchedule.ServerName);
        _net.Enable(name, true);
        return end;
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
        if (_logging) _log.LogInformation("{Client} calls {Operation}", Who(client), Explanations.Call(input));
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
                $"{Explanations.Who(client, scenario.Clients)} {Explanations.Call(input)}, called at {Explanations.Time(record.Call)}, threw " +
                $"{error.GetType().Name} at {Durations.Format(_sim.Elapsed)}: {error.Message} A clerk must retry until it gets an answer, not throw.\n" +
                Explanations.Frames(error)));
            return false;
        }
    }

    /// <summary>
    /// The time of an event for the history: virtual nanoseconds, nudged so that every event gets its own, in the
    /// order the events happened (several happen at one virtual instant when nothing delays them).
    /// </summary>
    private long Stamp() => _lastStamp = Math.Max(_lastStamp + 1, _sim.Elapsed.Ticks * Explanations.NanosecondsPerTick);

    private string Who(int client) => client == scenario.Clients ? "the final read:" : $"client {client}:";

    private void ReportUnfinished(TimeSpan since, string what)
    {
        foreach (var record in _records.Where(r => r.Return is null && !r.Threw && !r.Reported))
        {
            record.Reported = true;
            _runViolations.Add(new Violation(ViolationKind.Liveness,
                $"{Explanations.Who(record.Client, scenario.Clients)} {KvModel.Describe(record.ToOperation())}, called at {Explanations.Time(record.Call)}, " +
                $"had not returned by {Durations.Format(_sim.Elapsed)}, {Durations.Format(scenario.LivenessTimeout)} {what} at {Durations.Format(since)}"));
        }
    }

    /// <summary>Checks the recorded history: linearizability, at-most-once; then the run's own failures and liveness.</summary>
    private Verdict Judge(RunLog? runLog)
    {
        var history = _records.Select(r => r.ToOperation()).ToList();
        var check = LinearizabilityChecker.Check(KvModel.Partitioned, history, new CheckOptions
        {
            ComputeLinearizations = options.ComputeLinearizations,
            Timeout = options.CheckTimeout,
            MaxDegreeOfParallelism = options.CheckTimeout is null ? 1 : null,
        });
        var violations = new List<Violation>(_runViolations.Where(v => v.Kind == ViolationKind.RunFailed));
        if (check.Outcome == CheckOutcome.Illegal)
            violations.Add(new Violation(ViolationKind.NotLinearizable, Explanations.Illegal(check, scenario.Clients, options.ComputeLinearizations)));
        violations.AddRange(AtMostOnceChecker.Check(history, _finalValues, scenario.Clients).Select(m => new Violation(ViolationKind.AtMostOnce, m)));
        violations.AddRange(_runViolations.Where(v => v.Kind != ViolationKind.RunFailed));
        return new Verdict
        {
            Scenario = scenario,
            Implementation = implementation.Name,
            TraceHash = _sim.TraceHash,
            Counts = new RunCounts(history.Count, history.Count(op => op.IsOutcomeKnown), _net.TotalCount, _net.Drops, _net.Duplicates,
                _schedule.Crashes, _schedule.FaultsInjected, _sim.Elapsed, _sim.Steps),
            Violations = violations,
            History = history,
            Linearizability = check,
            Log = runLog?.ToString(),
            Blocked = _blocked,
        };
    }
}
