using System.Globalization;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.Model;
using KvService.PrimaryBackup.Harness;
using KvService.Scenarios;
using LabRpc;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// Runs a primary/backup scenario on a <see cref="PbCluster"/> and judges it as the KV scenarios are judged: the
/// history (with a final read of every key) must be linearizable with the KV model, every Append token must appear at
/// most once in every value seen and exactly once at the end if its Append was acknowledged
/// (<see cref="AtMostOnceChecker"/>), and every operation must return within the liveness timeout after the later of
/// its call and the end of the faults.
/// </summary>
public static class PbScenarioRunner
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(100);

    /// <summary>How long a slow view service's messages may wait, each way.</summary>
    public static TimeSpan SlowDelay { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="implementation"/> and judges it.</summary>
    public static PbVerdict Run(PbScenario scenario, IPbImplementation implementation) => Run(scenario, implementation, PbRunOptions.Default);

    /// <summary>Runs <paramref name="scenario"/> against <paramref name="implementation"/> and judges it, keeping what
    /// <paramref name="options"/> asks for (the log, the linearizations for the picture); the run is the same either way.</summary>
    public static PbVerdict Run(PbScenario scenario, IPbImplementation implementation, PbRunOptions options)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(options);
        var runLog = options.CaptureLog ? new RunLog() : null;
        using var cluster = new PbCluster(implementation, scenario.Seed, new PbClusterOptions
        {
            Servers = scenario.Servers, Unreliable = scenario.Unreliable, RecordHistory = true,
            Simulation = runLog is null ? null : new SimulationOptions { LoggerFactory = runLog },
        });
        var run = new Execution(cluster, scenario);
        var violations = new List<Violation>();
        try
        {
            cluster.Simulation.Run(run.MainAsync);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
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
        return new PbVerdict(scenario, violations, check.Outcome == CheckOutcome.Unknown, cluster.Simulation.TraceHash, cluster.Ops, cluster.Network.TotalCount)
        {
            Implementation = implementation.Name,
            History = history,
            Linearizability = check,
            Log = runLog?.ToString(),
        };
    }

    private sealed class Execution(PbCluster cluster, PbScenario scenario)
    {
        private readonly Simulation _sim = cluster.Simulation;
        private readonly ILogger _log = cluster.Simulation.LoggerFactory.CreateLogger("Scenario");
        private readonly Dictionary<(string, string), int> _cuts = [];
        private readonly (TimeSpan Called, KvInput Input)?[] _outstanding = new (TimeSpan, KvInput)?[scenario.Clients + 1];
        private TimeSpan _faultsEnd;

        public List<string> Liveness { get; } = [];

        public Dictionary<string, string> Finals { get; } = new(StringComparer.Ordinal);

        public int ReaderId { get; private set; } = -1;

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
                    Called("the final read", KvInput.Get(key));
                    Finals[key] = await reader.GetAsync(key);
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
                Called(who, input);
                switch (input.Op)
                {
                    case KvOp.Get: await clerk.GetAsync(input.Key); break;
                    case KvOp.Put: await clerk.PutAsync(input.Key, input.Value); break;
                    default: await clerk.AppendAsync(input.Key, input.Value); break;
                }
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

        private void Called(string who, KvInput input)
        {
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Who} calls {Operation}", who, Explanations.Call(input));
        }

        private void Returned(string who, ClusterClerk clerk)
        {
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Who}: {Operation} returned", who, KvModel.Describe(cluster.History![clerk.LastToken]));
        }

        private async Task InjectAsync(PbFault fault)
        {
            await _sim.Delay(fault.At);
            var view = await cluster.ViewAsync();
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("fault event starts: {Fault}, in {View}", fault, view);
            string clerk = PbCluster.ClerkName(Math.Min(fault.Client, scenario.Clients - 1));
            switch (fault.Kind)
            {
                case PbFaultKind.CrashPrimary:
                    Crash(view.Primary, fault.Duration);
                    break;
                case PbFaultKind.CrashBackup:
                    Crash(view.Backup, fault.Duration);
                    break;
                case PbFaultKind.CrashBoth:
                    Crash(view.Primary, fault.Duration);
                    await _sim.Delay(fault.Duration + fault.Gap);
                    Crash(view.Backup, fault.Duration);
                    break;
                case PbFaultKind.PartitionPrimaryBackup:
                    await CutForAsync([(view.Primary, view.Backup)], fault.Duration);
                    break;
                case PbFaultKind.PartitionClerkPrimary:
                    await CutForAsync([(clerk, view.Primary)], fault.Duration);
                    break;
                case PbFaultKind.PartitionClerkBackup:
                    await CutForAsync([(clerk, view.Backup)], fault.Duration);
                    break;
                case PbFaultKind.PartitionPrimaryViewService:
                    await CutForAsync([(view.Primary, PbCluster.ViewServiceName)], fault.Duration);
                    break;
                case PbFaultKind.PartitionViewService:
                    await CutForAsync([.. Others().Select(p => (p, PbCluster.ViewServiceName))], fault.Duration);
                    break;
                case PbFaultKind.SplitBrain:
                    await CutForAsync([(view.Primary, PbCluster.ViewServiceName), (clerk, PbCluster.ViewServiceName),
                        .. Enumerable.Range(0, scenario.Clients).Select(PbCluster.ClerkName).Where(c => c != clerk).Select(c => (c, view.Primary))], fault.Duration);
                    break;
                case PbFaultKind.RetryAcrossFailovers:
                    // The replies are lost from the moment the clerk has a write outstanding (or at the latest half the
                    // lead in), so that the write the clerk retries is one that may have been applied.
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
                    break;
                case PbFaultKind.LoseBackupReplies:
                    var lost = CutOneWay(view.Backup, view.Primary);
                    await _sim.Delay(fault.Duration);
                    HealAll(lost);
                    break;
                case PbFaultKind.HoldPrimaryBackup:
                    if (view.Primary.Length == 0 || view.Backup.Length == 0) break;
                    cluster.Hold(view.Primary, view.Backup);
                    await _sim.Delay(fault.Duration);
                    cluster.Release(view.Primary, view.Backup);
                    break;
                case PbFaultKind.SlowViewService:
                    foreach (var party in Others()) cluster.Slow(party, PbCluster.ViewServiceName, SlowDelay);
                    await _sim.Delay(fault.Duration);
                    foreach (var party in Others())
                        if (_cuts.GetValueOrDefault(Ordered(party, PbCluster.ViewServiceName)) == 0) cluster.Heal(party, PbCluster.ViewServiceName);
                    break;
            }
        }

        /// <summary>Everyone but the view service: the servers and the clerks, the final reader included.</summary>
        private IEnumerable<string> Others() => cluster.ServerNames.Concat(Enumerable.Range(0, scenario.Clients + 1).Select(PbCluster.ClerkName));

        private static (string, string) Ordered(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

        private void Crash(string server, TimeSpan downtime)
        {
            if (server.Length > 0) cluster.CrashServerFor(server, downtime);
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
            if (count == 0) cluster.CutOneWay(from, to);
            return [link];
        }

        /// <summary>Cuts every server's link to <paramref name="clerk"/> one way (its requests are served, the replies
        /// lost) until <see cref="HealAll"/>; a link already cut both ways stays so.</summary>
        private List<(string, string)> CutReplies(string clerk) => [.. cluster.ServerNames.SelectMany(server => CutOneWay(server, clerk))];

        /// <summary>Ends one cut of each link; a link heals when no event cuts it any more.</summary>
        private void HealAll(List<(string, string)> cut)
        {
            foreach (var link in cut)
            {
                int count = _cuts[link] - 1;
                _cuts[link] = count;
                if (count == 0) cluster.Heal(link.Item1, link.Item2);
            }
        }
    }
}
