using KvService.Exploration;
using KvService.Harness;
using LabRpc;
using LabRpc.Faults;
using Microsoft.Extensions.Logging;

namespace KvService.Scenarios;

/// <summary>
/// Plays a scenario's fault schedule on a run's cluster: the network fault windows through <see cref="NetworkFaultWindows"/>
/// (a client cut off is its clerk's end isolated); and, what is the KV service's own, crashes the server — at a time, at an exact
/// moment of a request (through <see cref="Network.OnCallEvent"/>), or just before or after the k-th persister call of
/// a request (through <see cref="Persister.OnPersist"/>) — through the cluster's one crash and restart path.
/// <see cref="Heal"/> ends it all: a reliable network, every client connected, the server up.
/// </summary>
internal sealed class FaultSchedule
{
    private readonly Scenario _scenario;
    private readonly KvCluster _cluster;
    private readonly Simulation _sim;
    private readonly ILogger _log;
    private readonly bool _logging;
    private readonly NetworkFaultWindows _windows;
    private readonly List<ServerCrash> _armed = [];
    private readonly ExplorationFaults? _explore;
    private readonly LabRpc.Diagram.MessageDiagram? _diagram;
    private bool _healed;
    private int _persistCalls;
    private int _servingIncarnation;
    private CallEvent? _request; // the request whose persister calls are counted, described only if a crash names it

    /// <summary>Plays <paramref name="scenario"/>'s schedule, or, with <paramref name="explore"/>, leaves every fault it allows
    /// to the simulation's chooser until <see cref="Heal"/>.</summary>
    public FaultSchedule(Scenario scenario, KvCluster cluster, ILogger log, ExplorationFaults? explore = null, LabRpc.Diagram.MessageDiagram? diagram = null)
    {
        (_scenario, _cluster, _sim, _log, _explore, _diagram) = (scenario, cluster, cluster.Simulation, log, explore, diagram);
        _logging = log.IsEnabled(LogLevel.Information);
        _windows = new NetworkFaultWindows(cluster.Network, cluster.Simulation)
        {
            IsolatedName = fault => fault is ClientIsolation cut ? KvCluster.ClerkName(cut.Client) : null,
            OnChange = _logging ? (fault, opens) => _log.LogInformation(opens ? "fault begins: {Fault}" : "fault ends: {Fault}", fault.Describe()) : null,
        };
    }

    /// <summary>Server crashes so far.</summary>
    public int Crashes { get; private set; }

    /// <summary>Fault windows opened and crashes so far.</summary>
    public int FaultsInjected => _windows.Opened + Crashes;

    /// <summary>Starts the schedule: each fault in a task of its own on the main node.</summary>
    public void Start()
    {
        _cluster.Network.OnCallEvent = OnCallEvent;
        _cluster.ServerNode.Persister.OnPersist = OnPersist;
        if (_explore is not null)
        {
            _cluster.Network.Faults = _explore.Profile with { Isolated = _cluster.Network.Faults.Isolated };
        }
        foreach (var fault in _scenario.Faults)
        {
            // A fault at 0 is in force from the start, before any client runs: it begins now, and goes on in a task.
            var play = fault.At == TimeSpan.Zero ? PlayAsync(fault) : null;
            _sim.MainNode.Go(() => play ?? PlayAsync(fault), "fault: " + fault.Describe());
        }
    }

    /// <summary>Ends the schedule: the network heals, crashes still waiting for their moment do not happen, the server comes back.</summary>
    public void Heal()
    {
        if (_healed) return;
        _healed = true;
        _armed.Clear();
        _windows.Heal();
        if (_logging) _log.LogInformation("schedule over: the network heals{Server}", _cluster.ServerNode.IsAlive ? "" : " and the server restarts");
        if (!_cluster.ServerNode.IsAlive)
        {
            _cluster.EnsureServerUp();
            _persistCalls = 0;
            _diagram?.Add(_sim.Elapsed.Ticks, KvCluster.ServerName, LabRpc.Diagram.DiagramEventKind.Restart, "restarts from its persister (the schedule is over)");
        }
    }

    /// <summary>A network window is played by <see cref="NetworkFaultWindows"/>; a crash waits for its time, then happens or
    /// waits for its moment.</summary>
    private Task PlayAsync(FaultEvent fault) => fault is ServerCrash crash ? PlayCrashAsync(crash) : _windows.Play(fault);

    private async Task PlayCrashAsync(ServerCrash crash)
    {
        await _sim.Delay(crash.At);
        if (_healed) return;
        if (crash.Moment == CrashMoment.AtTime) Crash(crash, "at " + Durations.Format(_sim.Elapsed));
        else _armed.Add(crash);
    }

    /// <summary>Counts a request's persister calls from its arrival; crashes the server at the moment an armed crash waits for.</summary>
    private void OnCallEvent(CallEvent call)
    {
        _diagram?.Observe(call, _sim.Elapsed.Ticks);
        if (call.Server != KvCluster.ServerName || !_cluster.ServerNode.IsAlive) return;
        if (call.Stage == CallStage.Arrived)
        {
            _persistCalls = 0;
            _servingIncarnation = _cluster.ServerNode.Incarnation;
            _request = call;
        }
        if (_explore is not null)
        {
            if (call.Stage is CallStage.Arrived or CallStage.Executed or CallStage.ReplySent) ExploreCrash(() => call.Stage switch
            {
                CallStage.Arrived => $"as {Describe(call)} arrived",
                CallStage.Executed => $"after executing {Describe(call)}, before its reply left",
                _ => $"just after the reply to {Describe(call)} left",
            });
            return;
        }
        if (_armed.Count == 0) return;
        var moment = call.Stage switch
        {
            CallStage.Arrived => CrashMoment.OnArrival,
            CallStage.Executed => CrashMoment.AfterExecution,
            CallStage.ReplySent => CrashMoment.AfterReply,
            _ => CrashMoment.AtTime,
        };
        var crash = Take(c => c.Moment == moment);
        if (crash is null) return;
        var what = Describe(call);
        Crash(crash, moment switch
        {
            CrashMoment.OnArrival => $"as {what} arrived",
            CrashMoment.AfterExecution => $"after executing {what}, before its reply left",
            _ => $"just after the reply to {what} left",
        });
    }

    /// <summary>Crashes the server just before or just after the k-th persister call since a request arrived (at this incarnation).</summary>
    private void OnPersist(PersistEvent e)
    {
        // Only the persister calls of requests: a server that is being made (recovering) is not cut short.
        if (_cluster.ServerNode.Incarnation != _servingIncarnation) return;
        if (e.Stage == PersistStage.After) _persistCalls++;
        int k = e.Stage == PersistStage.Before ? _persistCalls + 1 : _persistCalls;
        if (_explore is not null)
        {
            ExploreCrash(() => $"just {(e.Stage == PersistStage.Before ? "before" : "after")} the {e.Operation.ToString().ToLowerInvariant()} of record \"{e.Key}\", " +
                $"persister call {k} of {(_request is { } r ? Describe(r) : "a request")}");
            return;
        }
        if (_armed.Count == 0 || !_cluster.ServerNode.IsAlive) return;
        var moment = e.Stage == PersistStage.Before ? CrashMoment.BeforeWrite : CrashMoment.AfterWrite;
        var crash = Take(c => c.Moment == moment && c.WriteNumber == k);
        if (crash is null) return;
        string call = $"{e.Operation.ToString().ToLowerInvariant()} of record \"{e.Key}\", persister call {k} of {(_request is { } r ? Describe(r) : "a request")}";
        Crash(crash, e.Stage == PersistStage.Before ? $"just before the {call}" : $"just after the {call}");
    }

    private static string Describe(CallEvent call) => $"call {call.CallId} ({call.Method} from {call.End}{(call.Duplicate ? ", a duplicate" : "")})";

    private ServerCrash? Take(Predicate<ServerCrash> match)
    {
        int i = _armed.FindIndex(match);
        if (i < 0) return null;
        var crash = _armed[i];
        _armed.RemoveAt(i);
        return crash;
    }

    /// <summary>At a crash point of an exploration: asks the chooser whether the server crashes here.</summary>
    private void ExploreCrash(Func<string> when)
    {
        if (!_explore!.Crashes || _healed || !_cluster.ServerNode.IsAlive) return;
        if (_sim.Chooser.Fault(FaultChoice.Crash, 1)) Crash(_explore.CrashDowntime, when());
    }

    private void Crash(ServerCrash crash, string when) => Crash(crash.Duration, when);

    private void Crash(TimeSpan downtime, string when)
    {
        if (_healed || !_cluster.ServerNode.IsAlive) return;
        Crashes++;
        if (_logging) _log.LogInformation("server crashes {When}; restarts in {Downtime}", when, Durations.Format(downtime));
        _persistCalls = 0;
        _diagram?.Add(_sim.Elapsed.Ticks, KvCluster.ServerName, LabRpc.Diagram.DiagramEventKind.Crash, $"crashes {when}; down {Durations.Format(downtime)}");
        if (_diagram is null)
        {
            _cluster.CrashServerFor(downtime);
            return;
        }
        // As CrashServerFor, and the restart drawn: the server comes back after the downtime unless something restarted it sooner.
        _cluster.CrashServer();
        int incarnation = _cluster.ServerNode.Incarnation;
        _sim.MainNode.Go(async () =>
        {
            await _sim.Delay(downtime);
            if (_cluster.ServerNode.IsAlive || _cluster.ServerNode.Incarnation != incarnation) return;
            _cluster.RestartServer();
            _diagram.Add(_sim.Elapsed.Ticks, KvCluster.ServerName, LabRpc.Diagram.DiagramEventKind.Restart, "restarts from its persister");
        }, "restart " + KvCluster.ServerName);
    }
}
