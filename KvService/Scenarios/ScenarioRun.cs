using KvService.Contract;
using KvService.Harness;
using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.Scenarios;

/// <summary>
/// One run of a scenario on a fresh <see cref="KvCluster"/> (the server on its node, a node and clerk per client, a reader
/// that reads every key at the end), the fault schedule acting on it, the history recorded by the cluster as the run goes
/// (so that nothing is lost if the run fails), and the judgement. Every operation runs: each must return within the
/// liveness timeout after the later of its call and the end of the fault schedule, or the run fails naming it.
/// </summary>
internal sealed class ScenarioRun(Scenario scenario, IKvImplementation implementation, RunOptions options)
{
    private readonly TimeSpan _faultsEnd = scenario.ScheduleEnd; // computed once: every operation's deadline reads it
    private readonly List<Violation> _runViolations = [];
    private readonly Dictionary<string, string> _finalValues = new(StringComparer.Ordinal);
    private bool _blocked;
    private KvCluster _cluster = null!;
    private Simulation _sim = null!;
    private FaultSchedule _schedule = null!;
    private ILogger _log = null!;
    private bool _logging;
    private LabRpc.Diagram.MessageDiagram? _diagram;

    /// <summary>The virtual-time budget of a run: the schedule, then every operation's pause and liveness timeout, and a minute.</summary>
    public static TimeSpan TimeBudget(Scenario scenario) =>
        scenario.ScheduleEnd + (scenario.OperationsPerClient + scenario.Keys + 1) * (scenario.MaxThinkTime + scenario.LivenessTimeout) + TimeSpan.FromMinutes(1);

    /// <summary>The step budget of a run: two million, and five thousand more per operation.</summary>
    public static long StepBudget(Scenario scenario) => 2_000_000 + 5_000L * (scenario.Operations + scenario.Keys);

    public Verdict Execute()
    {
        var runLog = options.CaptureLog ? new RunLog() : null;
        var simulation = new SimulationOptions
        {
            LoggerFactory = runLog, MaxVirtualTime = TimeBudget(scenario), MaxSteps = StepBudget(scenario), StallTimeout = options.StallTimeout,
            StrictEscapeDetection = options.StrictEscapeDetection, StepRecording = options.StepRecording, MaxManagedMemory = options.MaxManagedMemory, Chooser = options.Chooser,
            RunOnCallingThread = options.RunOnCallingThread,
        };
        try
        {
            _cluster = new KvCluster(implementation, scenario.Seed, new KvClusterOptions { RecordHistory = true, Simulation = simulation });
        }
        catch (KvImplementationException error)
        {
            return NotStarted(error, runLog);
        }
        using var cluster = _cluster;
        _sim = cluster.Simulation;
        _log = _sim.LoggerFactory.CreateLogger("Scenario");
        _logging = _log.IsEnabled(LogLevel.Information);
        if (options.CaptureLog)
        {
            _diagram = new LabRpc.Diagram.MessageDiagram();
            _diagram.Lane(KvCluster.ServerName);
        }
        _schedule = new FaultSchedule(scenario, cluster, _log, options.Exploration, _diagram);
        try
        {
            _sim.Run(MainAsync);
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
        _schedule.Start();
        var watch = new Watch(scenario.Clients + 1);
        for (int c = 0; c < scenario.Clients; c++)
        {
            int client = c;
            var node = _sim.CreateNode(KvCluster.ClerkName(c));
            var clerk = _cluster.MakeClerk(node);
            node.Go(() => watch.Settles(client, ClientAsync(client, clerk, watch)), "client " + c);
        }
        _sim.Go(() => WatchAsync(watch), "deadlines");
        var clients = watch.Settled(scenario.Clients);
        if (options.Exploration is not null) await clients; // an exploration's faults last while the clients run
        else if (_faultsEnd > TimeSpan.Zero) await Task.WhenAny(clients, _sim.Delay(_faultsEnd));
        _schedule.Heal();
        await clients; // every client has run all its operations, or stopped at one that missed its deadline or threw
        // Requests still on their way (delayed, or copies held back) land before the final reads, which then see what they did.
        var settle = options.Exploration?.SettleTime ?? scenario.SettleTime;
        if (settle > TimeSpan.Zero) await _sim.Delay(settle);

        var readerNode = _sim.CreateNode("reader");
        var reader = _cluster.MakeClerk(readerNode);
        readerNode.Go(() => watch.Settles(scenario.Clients, FinalReadsAsync(reader, watch)), "final reads");
        await watch.Settled(scenario.Clients + 1);
    }

    private async Task ClientAsync(int client, ClusterClerk clerk, Watch watch)
    {
        for (int i = scenario.FirstOperation; i < scenario.FirstOperation + scenario.OperationsPerClient; i++)
        {
            var (input, think) = Workload.Step(scenario, client, i);
            if (think > TimeSpan.Zero) await _sim.Delay(think);
            if (await PerformAsync(clerk, client, input, watch) is null) return;
        }
    }

    private async Task FinalReadsAsync(ClusterClerk clerk, Watch watch)
    {
        for (int k = 0; k < scenario.Keys; k++)
        {
            var key = Workload.Key(k);
            if (await PerformAsync(clerk, scenario.Clients, KvInput.Get(key), watch) is not { } value) return;
            _finalValues[key] = value;
        }
    }

    /// <summary>
    /// Calls the clerk (the cluster records the call and the return) and waits for the answer, with the operation's deadline
    /// left with the watch (<see cref="WatchAsync"/>). Returns the value (empty for a Put), or null if the clerk threw or the
    /// operation missed its deadline: the client stops.
    /// </summary>
    private async Task<string?> PerformAsync(ClusterClerk clerk, int client, KvInput input, Watch watch)
    {
        if (_logging) _log.LogInformation("{Client} calls {Operation}", Who(client), Explanations.Call(input));
        var called = _sim.Elapsed;
        int drawn = _diagram?.Add(called.Ticks, clerk.End.Name, LabRpc.Diagram.DiagramEventKind.Call, $"{Who(client)} calls {Explanations.Call(input)}") ?? -1;
        var operation = input.Op switch
        {
            KvOp.Get => clerk.GetAsync(input.Key),
            KvOp.Append => clerk.AppendAsync(input.Key, input.Value),
            _ => PutAsync(clerk, input),
        };
        if (drawn >= 0) _diagram!.SetOperation(drawn, clerk.LastToken);
        if (!operation.IsCompleted)
        {
            var from = called > _faultsEnd ? called : _faultsEnd;
            watch.Waiting[client] = new Waiting(clerk.LastToken, called, from + scenario.LivenessTimeout);
            try
            {
                await operation;
            }
            catch
            {
                // Reported below.
            }
            watch.Waiting[client] = null;
            if (watch.Late[client]) return null; // reported by the watch; an answer after the deadline does not count
        }
        if (operation.IsCompletedSuccessfully)
        {
            _diagram?.Add(_sim.Elapsed.Ticks, clerk.End.Name, LabRpc.Diagram.DiagramEventKind.Return,
                $"{Who(client)} {KvModel.Describe(_cluster.History![clerk.LastToken])} returned", clerk.LastToken);
            if (_logging) _log.LogInformation("{Client} {Operation} returned", Who(client), KvModel.Describe(_cluster.History![clerk.LastToken]));
            return operation.Result;
        }
        var error = operation.Exception!.InnerException!;
        _runViolations.Add(new Violation(ViolationKind.RunFailed,
            $"{Explanations.Who(client, scenario.Clients)} {Explanations.Call(input)}, called at {Durations.Format(called)}, threw " +
            $"{error.GetType().Name} at {Durations.Format(_sim.Elapsed)}: {error.Message} A clerk must retry until it gets an answer, not throw.\n" +
            Explanations.Frames(error)));
        return null;
    }

    /// <summary>
    /// Every operation's deadline, in one task instead of a timer per operation: wakes at the earliest deadline of the
    /// operations waiting (or a liveness timeout from now, when none is), and reports each one past its deadline as a
    /// liveness violation — naming it and the calls in flight — and stops waiting for its client.
    /// </summary>
    private async Task WatchAsync(Watch watch)
    {
        while (!watch.AllSettled)
        {
            var now = _sim.Elapsed;
            var next = now + scenario.LivenessTimeout;
            for (int client = 0; client < watch.Waiting.Length; client++)
            {
                if (watch.Waiting[client] is { } w && !watch.Late[client] && w.Deadline < next) next = w.Deadline;
            }
            await _sim.Delay(next - now);
            for (int client = 0; client < watch.Waiting.Length; client++)
            {
                if (watch.Waiting[client] is not { } w || w.Deadline > _sim.Elapsed || watch.Late[client]) continue;
                watch.Late[client] = true;
                ReportLate(client, w);
                watch.Settle(client);
            }
        }
    }

    private void ReportLate(int client, Waiting waiting)
    {
        var inFlight = _cluster.Network.DescribeCallsInFlight();
        _runViolations.Add(new Violation(ViolationKind.Liveness,
            $"{Explanations.Who(client, scenario.Clients)} {KvModel.Describe(_cluster.History![waiting.Token])}, called at {Durations.Format(waiting.Called)}, " +
            $"had not returned by {Durations.Format(waiting.Deadline)}: {Durations.Format(scenario.LivenessTimeout)} after " +
            (waiting.Called >= _faultsEnd ? "its call" : $"the fault schedule ended at {Durations.Format(_faultsEnd)}") +
            (inFlight.Count == 0 ? "; no call was in flight (the clerk was not calling the server)" : ". Calls in flight:\n    " + string.Join("\n    ", inFlight))));
    }

    private static async Task<string> PutAsync(ClusterClerk clerk, KvInput input)
    {
        await clerk.PutAsync(input.Key, input.Value);
        return "";
    }

    private string Who(int client) => client == scenario.Clients ? "the final read:" : $"client {client}:";

    /// <summary>Checks the recorded history: linearizability, at-most-once; then the run's own failures and liveness.</summary>
    private Verdict Judge(RunLog? runLog)
    {
        var history = _cluster.History!.ToOperations();
        var check = LinearizabilityChecker.Check(KvModel.Partitioned, history, new CheckOptions
        {
            ComputeLinearizations = options.ComputeLinearizations,
            Timeout = options.CheckTimeout,
            MaxDegreeOfParallelism = 1, // the sweep runs scenarios in parallel; one thread and a timer per check is cheap
        });
        var violations = new List<Violation>(_runViolations.Where(v => v.Kind == ViolationKind.RunFailed));
        if (check.Outcome == CheckOutcome.Illegal)
            violations.Add(new Violation(ViolationKind.NotLinearizable, Explanations.Illegal(check, scenario.Clients, options.ComputeLinearizations)));
        violations.AddRange(AtMostOnceChecker.Check(history, _finalValues, scenario.Clients).Select(m => new Violation(ViolationKind.AtMostOnce, m)));
        violations.AddRange(_runViolations.Where(v => v.Kind != ViolationKind.RunFailed));
        var net = _cluster.Network;
        if (_diagram is not null) _diagram.Blame(Blamed(history, check, violations));
        return new Verdict
        {
            Scenario = scenario,
            Implementation = implementation.Name,
            TraceHash = _sim.TraceHash,
            Counts = new RunCounts(history.Count, history.Count(op => op.IsOutcomeKnown), net.TotalCount, net.Drops, net.Duplicates,
                _schedule.Crashes, _schedule.FaultsInjected, _sim.Elapsed, _sim.Steps),
            Violations = violations,
            History = history,
            Linearizability = check,
            Log = runLog?.ToString(),
            Blocked = _blocked,
            Diagram = _diagram,
        };
    }

    /// <summary>The operations (tokens) the verdict blames: those the linearizability checker could not place next, the
    /// Appends whose token an at-most-once violation names, and the operations that never returned.</summary>
    internal static IEnumerable<int> Blamed(IReadOnlyList<Operation<KvInput, KvOutput>> history, CheckResult<KvInput, KvOutput> check, List<Violation> violations)
    {
        foreach (var part in check.Partitions)
        {
            if (part.Outcome != CheckOutcome.Illegal) continue;
            foreach (int i in part.RejectedNext) yield return part.HistoryIndexes[i];
        }
        var atMostOnce = violations.Where(v => v.Kind == ViolationKind.AtMostOnce).Select(v => v.Message).ToList();
        bool liveness = violations.Any(v => v.Kind == ViolationKind.Liveness);
        for (int token = 0; token < history.Count; token++)
        {
            var op = history[token];
            if (op.Input.Op == KvOp.Append && atMostOnce.Any(m => m.Contains(op.Input.Value, StringComparison.Ordinal))) yield return token;
            else if (liveness && !op.IsOutcomeKnown) yield return token;
        }
    }

    /// <summary>The verdict of a run whose server could not even be made.</summary>
    private Verdict NotStarted(KvImplementationException error, RunLog? runLog) => new()
    {
        Scenario = scenario,
        Implementation = implementation.Name,
        TraceHash = 0,
        Counts = RunCounts.Zero,
        Violations = [new Violation(ViolationKind.RunFailed, error.Message + (error.InnerException is { } inner ? "\n" + Explanations.Frames(inner) : ""))],
        History = [],
        Linearizability = LinearizabilityChecker.Check(KvModel.Partitioned, Array.Empty<Operation<KvInput, KvOutput>>()),
        Log = runLog?.ToString(),
    };
}
