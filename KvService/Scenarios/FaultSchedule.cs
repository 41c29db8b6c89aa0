using KvService.Contract;
using LabRpc;
using Microsoft.Extensions.Logging;

namespace KvService.Scenarios;

/// <summary>
/// Plays a scenario's fault schedule on a run's world: opens and closes the network fault windows (the worst setting
/// of the open windows applies), cuts clients off and reconnects them, crashes the server at a time or at an exact
/// moment of a request (through <see cref="Network.OnCallEvent"/>) and restarts it from its persister. <see cref="Heal"/>
/// ends it all: a reliable network, every client connected, the server up.
/// </summary>
internal sealed class FaultSchedule
{
    /// <summary>The server's name on the network and its node's name.</summary>
    public const string ServerName = "server";

    private readonly Scenario _scenario;
    private readonly IKvImplementation _implementation;
    private readonly Simulation _sim;
    private readonly Network _net;
    private readonly ILogger _log;
    private readonly bool _logging;
    private readonly List<FaultEvent> _open = [];
    private readonly List<ServerCrash> _armed = [];
    private readonly Node _server;
    private bool _healed;
    private int _serverGeneration;

    public FaultSchedule(Scenario scenario, IKvImplementation implementation, Simulation sim, Network net, ILogger log)
    {
        (_scenario, _implementation, _sim, _net, _log) = (scenario, implementation, sim, net, log);
        _logging = log.IsEnabled(LogLevel.Information);
        _server = sim.CreateNode(ServerName);
    }

    /// <summary>Server crashes so far.</summary>
    public int Crashes { get; private set; }

    /// <summary>Fault windows opened and crashes so far.</summary>
    public int FaultsInjected { get; private set; }

    /// <summary>Starts the server, then the schedule: each fault in a task of its own on the main node.</summary>
    public async Task StartAsync()
    {
        await StartServerAsync();
        _net.OnCallEvent = OnCallEvent;
        foreach (var fault in _scenario.Faults) _sim.Go(() => PlayAsync(fault));
    }

    /// <summary>Ends the schedule: the network heals, crashes still waiting for their moment do not happen, the server comes back.</summary>
    public void Heal()
    {
        _healed = true;
        _armed.Clear();
        _open.Clear();
        ApplyNetworkFaults();
        if (_logging) _log.LogInformation("schedule over: the network heals{Server}", _server.IsAlive ? "" : " and the server restarts");
        if (!_server.IsAlive) _sim.Go(RestartAsync);
    }

    private Task StartServerAsync()
    {
        var node = _server;
        // On the server's node, so that whatever the implementation starts while it is made belongs to that node.
        return node.Spawn(() =>
        {
            _net.AddServer(ServerName, _implementation.CreateServer(node, node.Persister), node);
            return Task.CompletedTask;
        }, "start the server");
    }

    private async Task PlayAsync(FaultEvent fault)
    {
        await _sim.Delay(fault.At);
        if (_healed) return;
        if (fault is ServerCrash crash)
        {
            if (crash.Moment == CrashMoment.AtTime) Crash(crash, "at " + Durations.Format(_sim.Elapsed));
            else _armed.Add(crash);
            return;
        }
        _open.Add(fault);
        FaultsInjected++;
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
            if (fault is ClientIsolation cut) isolated.Add(ScenarioRun.ClientName(cut.Client));
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

    /// <summary>Crashes the server at the moment an armed crash waits for.</summary>
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
        Crashes++;
        FaultsInjected++;
        if (_logging) _log.LogInformation("server crashes {When}; restarts in {Downtime}", when, Durations.Format(crash.Duration));
        _server.Kill();
        int generation = ++_serverGeneration;
        // From the main node: the server's node is dead, and nothing started from it would run.
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
}
