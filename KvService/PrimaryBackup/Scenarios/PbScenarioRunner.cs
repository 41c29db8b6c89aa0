using System.Globalization;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.Model;
using KvService.PrimaryBackup.Harness;
using KvService.Scenarios;
using LabRpc;
using LabRpc.Diagram;
using LabRpc.Faults;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// Runs a primary/backup scenario on a <see cref="PbCluster"/> and judges it as the KV scenarios are judged: the
/// history (with a final read of every key) must be linearizable with the KV model, every Append token must appear at
/// most once in every value seen and exactly once at the end if its Append was acknowledged
/// (<see cref="AtMostOnceChecker"/>), and every operation must return within the liveness timeout after the later of
/// its call and the end of the faults. A diagnostic run also records the run as a <see cref="MessageDiagram"/>: a lane for
/// the view service, each server and each clerk; every message between them with its fate; crashes and restarts; each
/// fault event and the links it cuts, holds or slows; the clerks' operations; and what the verdict blames.
/// </summary>
public static class PbScenarioRunner
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a slow view service's messages may wait, each way.</summary>
    public static TimeSpan SlowDelay { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="implementation"/> and judges it.</summary>
    public static PbVerdict Run(PbScenario scenario, IPbImplementation implementation) => Run(scenario, implementation, PbRunOptions.Default);

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="implementation"/> and judges it, keeping what
    /// <paramref name="options"/> asks for (the log, the linearizations for the picture, the message diagram); the run is the
    /// same either way.</summary>
    public static PbVerdict Run(PbScenario scenario, IPbImplementation implementation, PbRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(options);
        var runLog = options.CaptureLog ? new RunLog() : null;
        using var cluster = new PbCluster(implementation, scenario.Seed, new PbClusterOptions
        {
            Servers = scenario.Servers, Unreliable = scenario.Unreliable, RecordHistory = true,
            Simulation = runLog is null && options.StepRecording is null && options.Chooser is null ? null
                : new SimulationOptions { LoggerFactory = runLog, StepRecording = options.StepRecording, Chooser = options.Chooser },
        });
        var diagram = options.CaptureLog ? Lanes(cluster, scenario) : null;
        var run = new Execution(cluster, scenario, diagram);
        // Watching calls and persister calls changes nothing in the run: only a diagram and crashes at a moment need it.
        if (diagram is not null || scenario.Faults.Any(f => f.AtMoment)) cluster.Network.OnCallEvent = run.OnCallEvent;
        if (scenario.Faults.Any(f => f.AtWrite))
        {
            foreach (var server in cluster.ServerNames) cluster.ServerNode(server).Persister.OnPersist = e => run.OnPersist(server, e);
        }
        var violations = new List<Violation>();
        bool blocked = false;
        try
        {
            cluster.Simulation.Run(run.MainAsync);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            blocked = error is SimulationBlockedException { WaitedOutStallTimeout: true };
            violations.Add(new Violation(ViolationKind.RunFailed, Explanations.Failure(error)));
        }
        violations.AddRange(run.Liveness.Select(m => new Violation(ViolationKind.Liveness, m)));
        var history = cluster.History!.ToOperations();
        var check = LinearizabilityChecker.Check(KvModel.Partitioned, history, new CheckOptions
        {
            ComputeLinearizations = options.CaptureLog,
            Timeout = options.CheckTimeout,
            MaxDegreeOfParallelism = 1, // the calling thread searches, a timer stops it: cheap once per scenario
        });
        // A run that stopped early is judged on what it recorded; at-most-once needs the final reads, so only a whole run.
        if (check.Outcome == CheckOutcome.Illegal)
            violations.Add(new Violation(ViolationKind.NotLinearizable, Explanations.Illegal(check, scenario.Clients, options.CaptureLog)));
        bool whole = violations.All(v => v.Kind == ViolationKind.NotLinearizable);
        if (whole) violations.AddRange(AtMostOnceChecker.Check(history, run.Finals, run.ReaderId).Select(m => new Violation(ViolationKind.AtMostOnce, m)));
        diagram?.Blame(ScenarioRun.Blamed(history, check, violations));
        return new PbVerdict(scenario, violations, check.Outcome == CheckOutcome.Unknown, cluster.Simulation.TraceHash, cluster.Ops, cluster.Network.TotalCount)
        {
            Implementation = implementation.Name,
            History = history,
            Linearizability = check,
            Log = runLog?.ToString(),
            Diagram = diagram,
            Blocked = blocked,
            Counts = new RunCounts(history.Count, history.Count(op => op.IsOutcomeKnown), cluster.Network.TotalCount, cluster.Network.Drops,
                cluster.Network.Duplicates, run.Crashes, scenario.Faults.Count, cluster.Simulation.Elapsed, cluster.Simulation.Steps),
        };
    }

    /// <summary>A diagram with its lanes in order: the view service, the servers, the clerks and the final reader.</summary>
    private static MessageDiagram Lanes(PbCluster cluster, PbScenario scenario)
    {
        var diagram = new MessageDiagram();
        diagram.Lane(PbCluster.ViewServiceName);
        foreach (var server in cluster.ServerNames) diagram.Lane(server);
        for (int c = 0; c <= scenario.Clients; c++) diagram.Lane(PbCluster.ClerkName(c));
        return diagram;
    }

    private sealed class Execution(PbCluster cluster, PbScenario scenario, MessageDiagram? diagram)
    {
        private readonly Simulation _sim = cluster.Simulation;
        private readonly ILogger _log = cluster.Simulation.LoggerFactory.CreateLogger("Scenario");
        private readonly Dictionary<(string, string), int> _cuts = [];
        private readonly (TimeSpan Called, KvInput Input)?[] _outstanding = new (TimeSpan, KvInput)?[scenario.Clients + 1];
        private readonly List<(int Id, PbFault Fault, string Server)> _armed = [];
        private readonly Dictionary<string, (int Incarnation, int Calls, CallEvent Request)> _requests = new(StringComparer.Ordinal);
        private NetworkFaultWindows? _windows;
        private TimeSpan _faultsEnd;
        private int _arming;

        public List<string> Liveness { get; } = [];

        public Dictionary<string, string> Finals { get; } = new(StringComparer.Ordinal);

        public int ReaderId { get; private set; } = -1;

        /// <summary>How many times a server was crashed.</summary>
        public int Crashes { get; private set; }

        public async Task MainAsync()
        {
            var clerks = Enumerable.Range(0, scenario.Clients).Select(_ => cluster.MakeClerk()).ToArray();
            var reader = cluster.MakeClerk();
            ReaderId = reader.Id;
            try
            {
                await cluster.WaitForPrimaryAndBackupAsync(TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException error)
            {
                Liveness.Add("the service never started: " + error.Message);
                return;
            }
            var start = _sim.Elapsed;
            _faultsEnd = start + scenario.ScheduleEnd;
            foreach (var fault in scenario.Faults) _sim.MainNode.Go(() => InjectAsync(fault), "fault " + fault.Kind);
            var work = Task.WhenAll(clerks.Select((clerk, c) => cluster.ClerkNode(clerk.Id).Spawn(() => ClientAsync(clerk, c), "clerk " + c)));
            var watchdog = _sim.Spawn(WatchAsync, "liveness");
            if (await Task.WhenAny(work, watchdog) == watchdog) return;
            if (_sim.Elapsed < _faultsEnd) await _sim.Delay(_faultsEnd - _sim.Elapsed);
            var reads = cluster.ClerkNode(reader.Id).Spawn(async () =>
            {
                for (int k = 0; k < scenario.Keys; k++)
                {
                    string key = Workload.Key(k);
                    _outstanding[scenario.Clients] = (_sim.Elapsed, KvInput.Get(key));
                    int drawn = Called("the final read", reader, KvInput.Get(key));
                    var read = reader.GetAsync(key);
                    Calling(drawn, reader);
                    Finals[key] = await read;
                    Returned("the final read", reader);
                }
                _outstanding[scenario.Clients] = null;
            }, "final reads");
            await Task.WhenAny(reads, watchdog);
        }

        private async Task ClientAsync(ClusterClerk clerk, int client)
        {
            for (int i = 0; i < scenario.OperationsPerClient; i++)
            {
                var (input, think) = PbScenarioGenerator.Step(scenario, client, i);
                if (think > TimeSpan.Zero) await _sim.Delay(think);
                _outstanding[client] = (_sim.Elapsed, input);
                string who = "clerk " + client.ToString(CultureInfo.InvariantCulture);
                int drawn = Called(who, clerk, input);
                Task operation = input.Op switch
                {
                    KvOp.Get => clerk.GetAsync(input.Key),
                    KvOp.Put => clerk.PutAsync(input.Key, input.Value),
                    _ => clerk.AppendAsync(input.Key, input.Value),
                };
                Calling(drawn, clerk);
                await operation;
                Returned(who, clerk);
                _outstanding[client] = null;
            }
        }

        /// <summary>Ends the run when an operation has not returned within the liveness timeout after the later of its
        /// call and the end of the faults.</summary>
        private async Task WatchAsync()
        {
            while (true)
            {
                await _sim.Delay(Tick);
                for (int c = 0; c < _outstanding.Length; c++)
                {
                    if (_outstanding[c] is not { } op) continue;
                    var deadline = (op.Called > _faultsEnd ? op.Called : _faultsEnd) + scenario.LivenessTimeout;
                    if (_sim.Elapsed < deadline) continue;
                    string who = c == scenario.Clients ? "the final read" : "clerk " + c.ToString(CultureInfo.InvariantCulture);
                    Liveness.Add($"{who}'s {Explanations.Call(op.Input)} called at {op.Called.TotalMilliseconds:0} ms did not return within " +
                        $"{scenario.LivenessTimeout.TotalSeconds:0.#} s after the faults ended ({_faultsEnd.TotalMilliseconds:0} ms); " +
                        $"the view service is at {await cluster.ViewAsync()}");
                }
                if (Liveness.Count > 0) return;
            }
        }

        /// <summary>Each stage of a call: drawn (in a diagnostic run), and a crash at a moment armed for its server fires.</summary>
        public void OnCallEvent(CallEvent call)
        {
            if (diagram is not null) Draw(call);
            if (call.Server is not { } server || !cluster.ServerNames.Contains(server)) return;
            var node = cluster.ServerNode(server);
            if (!node.IsAlive) return;
            if (call.Stage == CallStage.Arrived) _requests[server] = (node.Incarnation, 0, call);
            var moment = call.Stage switch
            {
                CallStage.Arrived => CrashMoment.OnArrival,
                CallStage.Executed => CrashMoment.AfterExecution,
                CallStage.ReplySent => CrashMoment.AfterReply,
                _ => CrashMoment.AtTime,
            };
            if (moment == CrashMoment.AtTime) return;
            Fire(server, moment, 0, () => moment switch
            {
                CrashMoment.OnArrival => $"as {Describe(call)} arrived",
                CrashMoment.AfterExecution => $"after executing {Describe(call)}, before its reply left",
                _ => $"just after the reply to {Describe(call)} left",
            });
        }

        /// <summary>A persister call of a server: counted from the arrival of the request it serves (at that incarnation: a
        /// server that is being made is not cut short), and a crash armed for just before or after it fires.</summary>
        public void OnPersist(string server, PersistEvent e)
        {
            var node = cluster.ServerNode(server);
            if (!node.IsAlive || !_requests.TryGetValue(server, out var request) || request.Incarnation != node.Incarnation) return;
            if (e.Stage == PersistStage.After)
            {
                request.Calls++;
                _requests[server] = request;
            }
            int k = e.Stage == PersistStage.Before ? request.Calls + 1 : request.Calls;
            Fire(server, e.Stage == PersistStage.Before ? CrashMoment.BeforeWrite : CrashMoment.AfterWrite, k, () =>
                $"just {(e.Stage == PersistStage.Before ? "before" : "after")} the {e.Operation.ToString().ToLowerInvariant()} of record \"{e.Key}\", " +
                $"persister call {k} of {Describe(request.Request)}");
        }

        /// <summary>Crashes <paramref name="server"/> if a crash armed for it waits for this moment (and persister call).</summary>
        private void Fire(string server, CrashMoment moment, int write, Func<string> when)
        {
            int i = _armed.FindIndex(a => a.Server == server && a.Fault.Moment == moment && (write == 0 || a.Fault.Write == write));
            if (i < 0) return;
            var fault = _armed[i].Fault;
            _armed.RemoveAt(i);
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Server} crashes {When}", server, when());
            Crash(server, fault.Duration, when());
        }

        private static string Describe(CallEvent call) => $"call {call.CallId} ({call.Method} from {call.End}{(call.Duplicate ? ", a copy" : "")})";

        /// <summary>Draws a stage of a call between two parties (on the caller's lane, toward the party its end leads to);
        /// the harness's own questions to the view service are not the service's messages and are left out.</summary>
        private void Draw(CallEvent call)
        {
            int arrow = call.End.IndexOf("->", StringComparison.Ordinal);
            if (arrow < 0) return;
            string from = call.End[..arrow];
            if (from != PbCluster.ViewServiceName && !cluster.ServerNames.Contains(from) && !IsClerk(from)) return;
            diagram!.Observe(call with { End = from }, _sim.Elapsed.Ticks, call.End[(arrow + 2)..]);
        }

        private bool IsClerk(string party)
        {
            for (int c = 0; c <= scenario.Clients; c++)
                if (party == PbCluster.ClerkName(c)) return true;
            return false;
        }

        /// <summary>Logs and draws a clerk's call; returns the drawn event's index (-1 if none), for <see cref="Calling"/>.</summary>
        private int Called(string who, ClusterClerk clerk, KvInput input)
        {
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Who} calls {Operation}", who, Explanations.Call(input));
            return diagram?.Add(_sim.Elapsed.Ticks, PbCluster.ClerkName(clerk.Id), DiagramEventKind.Call, $"{who} calls {Explanations.Call(input)}") ?? -1;
        }

        /// <summary>Gives the drawn call its operation's token, known once the clerk was called.</summary>
        private void Calling(int drawn, ClusterClerk clerk)
        {
            if (drawn >= 0) diagram!.SetOperation(drawn, clerk.LastToken);
        }

        private void Returned(string who, ClusterClerk clerk)
        {
            if (!_log.IsEnabled(LogLevel.Information) && diagram is null) return;
            var operation = KvModel.Describe(cluster.History![clerk.LastToken]);
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Who}: {Operation} returned", who, operation);
            diagram?.Add(_sim.Elapsed.Ticks, PbCluster.ClerkName(clerk.Id), DiagramEventKind.Return, $"{who}: {operation} returned", clerk.LastToken);
        }

        /// <summary>Draws a note on <paramref name="lane"/> (the view service's if it is empty: no such server in the view).</summary>
        private void Mark(string lane, string text) =>
            diagram?.Add(_sim.Elapsed.Ticks, lane.Length == 0 ? PbCluster.ViewServiceName : lane, DiagramEventKind.Note, text);

        private static string Links(IEnumerable<(string A, string B)> links) => string.Join(", ", links.Select(l => $"{l.A} <-> {l.B}"));

        /// <summary>Where a fault event is drawn in the diagram (whose lane), and how it is played: one row per kind.</summary>
        private sealed record Play(Func<View, string, string> Lane, Func<Execution, PbFault, View, string, Task> Run);

        /// <summary>How many clerks the scenario has (the final reader not counted).</summary>
        private int Clients => scenario.Clients;

        private static string Primary(View view, string clerk) => view.Primary;

        private static string Backup(View view, string clerk) => view.Backup;

        private static string ViewServiceLane(View view, string clerk) => PbCluster.ViewServiceName;

        private static string Clerk(View view, string clerk) => clerk;

        private static string Clerks(View view, string clerk) => PbCluster.ClerkName(0);

        /// <summary>Every fault kind of the lab: its lane, and what it does to the view it starts in (<c>clerk</c>: the clerk it names).</summary>
        private static readonly Dictionary<PbFaultKind, Play> Plays = new()
        {
            [PbFaultKind.CrashPrimary] = new(Primary, (e, f, v, _) => e.CrashNow(v.Primary, f.Duration)),
            [PbFaultKind.CrashBackup] = new(Backup, (e, f, v, _) => e.CrashNow(v.Backup, f.Duration)),
            [PbFaultKind.CrashBoth] = new(Primary, (e, f, v, _) => e.CrashBothAsync(f, v)),
            [PbFaultKind.PartitionPrimaryBackup] = new(Primary, (e, f, v, _) => e.CutForAsync([(v.Primary, v.Backup)], f.Duration)),
            [PbFaultKind.PartitionClerkPrimary] = new(Primary, (e, f, v, c) => e.CutForAsync([(c, v.Primary)], f.Duration)),
            [PbFaultKind.PartitionClerkBackup] = new(Backup, (e, f, v, c) => e.CutForAsync([(c, v.Backup)], f.Duration)),
            [PbFaultKind.PartitionPrimaryViewService] = new(Primary, (e, f, v, _) => e.CutForAsync([(v.Primary, PbCluster.ViewServiceName)], f.Duration)),
            [PbFaultKind.PartitionViewService] = new(ViewServiceLane, (e, f, _, _) => e.CutForAsync([.. e.Others().Select(p => (p, PbCluster.ViewServiceName))], f.Duration)),
            [PbFaultKind.SplitBrain] = new(Primary, (e, f, v, c) => e.CutForAsync([(v.Primary, PbCluster.ViewServiceName), (c, PbCluster.ViewServiceName),
                .. Enumerable.Range(0, e.Clients).Select(PbCluster.ClerkName).Where(other => other != c).Select(other => (other, v.Primary))], f.Duration)),
            [PbFaultKind.RetryAcrossFailovers] = new(Clerk, (e, f, v, c) => e.RetryAcrossFailoversAsync(f, v, c)),
            [PbFaultKind.LoseBackupReplies] = new(Backup, (e, f, v, _) => e.CutOneWayForAsync(v.Backup, v.Primary, f.Duration)),
            [PbFaultKind.FlakyLinkThenFailover] = new(Backup, (e, f, v, _) => e.FlakyLinkThenFailoverAsync(f, v)),
            [PbFaultKind.HoldPrimaryBackup] = new(Primary, (e, f, v, _) => e.HoldAsync(v, f.Duration)),
            [PbFaultKind.DuplicateRequests] = new(Clerks, (e, f, _, _) => e.ClerkWindowsAsync(f)),
            [PbFaultKind.ClerkTimeouts] = new(Clerks, (e, f, _, _) => e.ClerkWindowsAsync(f)),
            [PbFaultKind.CrashPrimaryAtMoment] = new(Primary, (e, f, v, _) => e.CrashAtMomentAsync(f, v.Primary)),
            [PbFaultKind.CrashBackupAtMoment] = new(Backup, (e, f, v, _) => e.CrashAtMomentAsync(f, v.Backup)),
            [PbFaultKind.SlowViewService] = new(ViewServiceLane, (e, f, _, _) => e.SlowViewServiceAsync(f)),
        };

        private async Task InjectAsync(PbFault fault)
        {
            await _sim.Delay(fault.At);
            var view = await cluster.ViewAsync();
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("fault event starts: {Fault}, in {View}", fault, view);
            string clerk = PbCluster.ClerkName(Math.Min(fault.Client, scenario.Clients - 1));
            var play = Plays[fault.Kind];
            if (diagram is not null) Mark(play.Lane(view, clerk), $"fault event starts: {fault}, in {view}");
            await play.Run(this, fault, view, clerk);
        }

        private Task CrashNow(string server, TimeSpan downtime)
        {
            Crash(server, downtime);
            return Task.CompletedTask;
        }

        private async Task CrashBothAsync(PbFault fault, View view)
        {
            Crash(view.Primary, fault.Duration);
            await _sim.Delay(fault.Duration + fault.Gap);
            Crash(view.Backup, fault.Duration);
        }

        /// <summary>The replies to the clerk are lost from the moment it has a write outstanding (or at the latest half the lead
        /// in), so that the write it retries is one that may have been applied; then the primary crashes, and later the backup.</summary>
        private async Task RetryAcrossFailoversAsync(PbFault fault, View view, string clerk)
        {
            var watch = _sim.Elapsed;
            int client = Math.Min(fault.Client, scenario.Clients - 1);
            while (_sim.Elapsed - watch < PbFault.Lead / 2 && _outstanding[client] is not { Input.Op: KvOp.Put or KvOp.Append })
                await _sim.Delay(TimeSpan.FromMilliseconds(1));
            var replies = CutReplies(clerk);
            await _sim.Delay(PbFault.Lead - (_sim.Elapsed - watch));
            Crash(view.Primary, fault.Duration);
            await _sim.Delay(fault.Duration + fault.Gap);
            Crash(view.Backup, fault.Duration);
            await _sim.Delay(fault.Duration);
            HealAll(replies);
        }

        private async Task CutOneWayForAsync(string from, string to, TimeSpan duration)
        {
            var lost = CutOneWay(from, to);
            await _sim.Delay(duration);
            HealAll(lost);
        }

        private async Task FlakyLinkThenFailoverAsync(PbFault fault, View view)
        {
            var unanswered = CutOneWay(view.Backup, view.Primary);
            await _sim.Delay(fault.Duration);
            HealAll(unanswered);
            if (view.Primary.Length > 0 && view.Backup.Length > 0)
            {
                cluster.Hold(view.Primary, view.Backup);
                Mark(view.Primary, $"link {view.Primary} <-> {view.Backup} held: its messages wait");
                await _sim.Delay(fault.Gap);
                cluster.Release(view.Primary, view.Backup);
                Mark(view.Primary, $"link {view.Primary} <-> {view.Backup} released: what it held goes on");
            }
            await _sim.Delay(PbFault.FailoverLead);
            Crash(view.Primary, fault.Duration);
        }

        private async Task HoldAsync(View view, TimeSpan duration)
        {
            if (view.Primary.Length == 0 || view.Backup.Length == 0) return;
            cluster.Hold(view.Primary, view.Backup);
            Mark(view.Primary, $"link {view.Primary} <-> {view.Backup} held: its messages wait");
            await _sim.Delay(duration);
            cluster.Release(view.Primary, view.Backup);
            Mark(view.Primary, $"link {view.Primary} <-> {view.Backup} released: what it held goes on");
        }

        /// <summary>Windows of the generic vocabulary on every clerk-to-server link (the final reader's excepted: it reads after
        /// the faults), played by <see cref="NetworkFaultWindows"/> on top of the scenario's network.</summary>
        private async Task ClerkWindowsAsync(PbFault fault)
        {
            _windows ??= new NetworkFaultWindows(cluster.Network, _sim) { Base = cluster.Network.Faults };
            var windows = (from c in Enumerable.Range(0, scenario.Clients)
                           from server in cluster.ServerNames
                           select fault.Kind == PbFaultKind.DuplicateRequests
                               ? (FaultEvent)new LinkDuplicates(fault.At, fault.Duration, PbCluster.ClerkName(c), server, fault.Rate, fault.MaxDelay)
                               : new LinkTimeouts(fault.At, fault.Duration, PbCluster.ClerkName(c), server, fault.Timeout, fault.MaxDelay)).ToList();
            foreach (var window in windows) _windows.Open(window);
            await _sim.Delay(fault.Duration);
            foreach (var window in windows) _windows.Close(window);
            Mark(PbCluster.ClerkName(0), fault.Kind == PbFaultKind.DuplicateRequests ? "the clerks' requests are no longer copied" : "the clerks' requests are on time again");
        }

        private async Task CrashAtMomentAsync(PbFault fault, string target)
        {
            if (target.Length == 0) return;
            var armed = (++_arming, fault, target);
            _armed.Add(armed);
            await _sim.Delay(PbFault.MomentWindow);
            if (_armed.Remove(armed) && _log.IsEnabled(LogLevel.Information))
                _log.LogInformation("{Server} did not crash: no request reached that moment within {Window}", target, Durations.Format(PbFault.MomentWindow));
        }

        private async Task SlowViewServiceAsync(PbFault fault)
        {
            foreach (var party in Others()) cluster.Slow(party, PbCluster.ViewServiceName, SlowDelay);
            Mark(PbCluster.ViewServiceName, $"every link to the view service slow (up to {Durations.Format(SlowDelay)} each way)");
            await _sim.Delay(fault.Duration);
            var healed = new List<(string, string)>();
            foreach (var party in Others())
            {
                if (_cuts.GetValueOrDefault(Ordered(party, PbCluster.ViewServiceName)) != 0) continue;
                cluster.Heal(party, PbCluster.ViewServiceName);
                healed.Add((party, PbCluster.ViewServiceName));
            }
            if (healed.Count > 0) Mark(PbCluster.ViewServiceName, "healed: " + Links(healed));
        }

        /// <summary>Everyone but the view service: the servers and the clerks, the final reader included.</summary>
        private IEnumerable<string> Others() => cluster.ServerNames.Concat(Enumerable.Range(0, scenario.Clients + 1).Select(PbCluster.ClerkName));

        private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

        private void Crash(string server, TimeSpan downtime, string? when = null)
        {
            if (server.Length == 0) return;
            if (cluster.ServerNode(server).IsAlive) Crashes++;
            if (diagram is null)
            {
                cluster.CrashServerFor(server, downtime);
                return;
            }
            // As CrashServerFor, with the crash and the restart drawn: the server comes back after the downtime unless
            // something restarted it sooner.
            var node = cluster.ServerNode(server);
            if (!node.IsAlive) return;
            diagram.Add(_sim.Elapsed.Ticks, server, DiagramEventKind.Crash, $"crashes{(when is null ? "" : " " + when)}; down {Durations.Format(downtime)}");
            cluster.CrashServer(server);
            int incarnation = node.Incarnation;
            _sim.MainNode.Go(async () =>
            {
                await _sim.Delay(downtime);
                if (node.IsAlive || node.Incarnation != incarnation) return;
                cluster.RestartServer(server);
                diagram.Add(_sim.Elapsed.Ticks, server, DiagramEventKind.Restart, "restarts from its persister");
            }, "restart " + server);
        }

        /// <summary>Cuts the links for <paramref name="duration"/>; a link cut by two events at once heals when both end.</summary>
        private async Task CutForAsync((string A, string B)[] links, TimeSpan duration)
        {
            var cut = links.Where(l => l.A.Length > 0 && l.B.Length > 0).Select(l => Ordered(l.A, l.B)).Distinct().ToList();
            foreach (var link in cut)
            {
                int count = _cuts.GetValueOrDefault(link);
                _cuts[link] = count + 1;
                cluster.Cut(link.Item1, link.Item2); // both ways, even where another event cut one way
            }
            if (cut.Count > 0) Mark(cut[0].Item1, "cut: " + Links(cut));
            await _sim.Delay(duration);
            HealAll(cut);
        }

        /// <summary>Cuts the link from <paramref name="from"/> to <paramref name="to"/> one way until <see cref="HealAll"/>;
        /// a link already cut both ways stays so.</summary>
        private List<(string, string)> CutOneWay(string from, string to)
        {
            if (from.Length == 0 || to.Length == 0) return [];
            var link = Ordered(from, to);
            int count = _cuts.GetValueOrDefault(link);
            _cuts[link] = count + 1;
            if (count == 0)
            {
                cluster.CutOneWay(from, to);
                Mark(from, $"link {from} -> {to} cut one way: messages that way are lost");
            }
            return [link];
        }

        /// <summary>Cuts every server's link to <paramref name="clerk"/> one way (its requests are served, the replies
        /// lost) until <see cref="HealAll"/>; a link already cut both ways stays so.</summary>
        private List<(string, string)> CutReplies(string clerk) => [.. cluster.ServerNames.SelectMany(server => CutOneWay(server, clerk))];

        /// <summary>Ends one cut of each link; a link heals when no event cuts it any more.</summary>
        private void HealAll(List<(string, string)> cut)
        {
            var healed = new List<(string, string)>();
            foreach (var link in cut)
            {
                int count = _cuts[link] - 1;
                _cuts[link] = count;
                if (count != 0) continue;
                cluster.Heal(link.Item1, link.Item2);
                healed.Add(link);
            }
            if (healed.Count > 0) Mark(healed[0].Item1, "healed: " + Links(healed));
            // A heal takes a link's own rates away: the clerks' late and duplicated requests go on where their windows are open.
            if (healed.Count > 0) _windows?.Reapply();
        }
    }
}
