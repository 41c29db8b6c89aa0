using KvService.Scenarios;
using LabRpc;
using LabRpc.Raft;
using LabRpc.Raft.Tester;

namespace KvService.Raft;

/// <summary>
/// Runs a <see cref="RaftScenario"/> on the suite's <see cref="RaftTester"/> (its invariants at every step, its apply
/// checks, its crash/restart from the persister, connect and disconnect): the client submits its commands while the
/// fault events strike and heal one after another; then, everything healed, one more command must commit on every peer
/// (the tester's <c>one</c>, 10 s of virtual time).
/// </summary>
public static class RaftScenarioRunner
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>Runs <paramref name="scenario"/> with <paramref name="implementation"/> and judges it; never throws for what the implementation does.</summary>
    public static RaftVerdict Run(RaftScenario scenario, IRaftImplementation implementation, RaftRunOptions? options = null, IChooser? chooser = null)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        ArgumentNullException.ThrowIfNull(implementation);
        options ??= RaftRunOptions.Default;
        scenario.Validate();
        var log = options.CaptureLog ? new StringWriter() : null;
        var simulation = new SimulationOptions { StepRecording = options.StepRecording, Chooser = chooser };
        using var tester = new RaftTester(implementation, scenario.Peers, reliable: true, snapshot: false, scenario.Seed, log, simulation);
        var violations = new List<Violation>();
        bool blocked = false, healed = false;
        int submitted = 0, crashes = 0, injected = 0;
        try
        {
            tester.Run(async t =>
            {
                var start = t.Simulation.Elapsed;
                var active = new List<(RaftFault Fault, int[] Peers)>();
                int next = 0;
                var nextCommand = TimeSpan.Zero;
                var nextChurn = TimeSpan.Zero;
                while (next < scenario.Faults.Count || active.Count > 0 || submitted < scenario.Commands)
                {
                    var now = t.Simulation.Elapsed - start;
                    foreach (var ended in active.Where(a => a.Fault.End <= now).ToList())
                    {
                        Heal(t, ended.Fault, ended.Peers);
                        active.Remove(ended);
                    }
                    while (next < scenario.Faults.Count && scenario.Faults[next].At <= now)
                    {
                        var fault = scenario.Faults[next++];
                        log?.WriteLine($"{now.TotalMilliseconds:F0} ms: {fault}");
                        int before = crashes;
                        active.Add((fault, Strike(t, fault, ref crashes)));
                        injected += crashes > before ? crashes - before : 1;   // a window, or each crash it made
                    }
                    if (active.Any(a => a.Fault.Kind == RaftFaultKind.Churn) && now >= nextChurn)
                    {
                        int churned = Churn(t);
                        crashes += churned;
                        injected += churned;
                        nextChurn = now + TimeSpan.FromMilliseconds(50 + t.Rand(250));
                    }
                    if (submitted < scenario.Commands && now >= nextCommand)
                    {
                        int command = 1_000 + submitted++;
                        for (int i = 0; i < t.Servers; i++)
                            if (t.IsConnected(i) && t.IsAlive(i)) t.Start(i, command);
                        nextCommand = now + scenario.CommandInterval;
                    }
                    await t.Sleep(Tick);
                }
                for (int i = 0; i < t.Servers; i++)
                {
                    if (!t.IsAlive(i)) t.Restart(i);
                    else if (!t.IsConnected(i)) t.Connect(i);
                }
                t.SetReliable(true);
                t.SetLongReordering(false);
                healed = true;
                log?.WriteLine($"{(t.Simulation.Elapsed - start).TotalMilliseconds:F0} ms: all healed; one more command must commit on all {t.Servers} peers");
                await t.One(999_999, t.Servers, retry: true);
            });
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            blocked = error is SimulationBlockedException { WaitedOutStallTimeout: true };
            var liveness = healed && error is RaftCheckException && error.Message.Contains("failed to reach agreement", StringComparison.Ordinal);
            var kind = error is RaftInvariantException ? "invariant" : error is RaftCheckException ? "check" : error.GetType().Name;
            violations.Add(new Violation(liveness ? ViolationKind.Liveness : ViolationKind.RunFailed,
                liveness ? $"after every fault healed: {error.Message}" : $"{kind} at {tester.Simulation.Elapsed.TotalSeconds:F3} s: {error.Message}"));
            log?.WriteLine(error.ToString());
        }
        return new RaftVerdict(scenario, violations, tester.Simulation.TraceHash)
        {
            Implementation = implementation.Name,
            Blocked = blocked,
            Log = log?.ToString(),
            Diagram = options.CaptureLog ? tester.Diagram() : null,
            Counts = new RunCounts(submitted + 1, healed && violations.Count == 0 ? submitted + 1 : 0, tester.RpcTotal(), tester.Network.Drops, tester.Network.Duplicates, crashes, injected,
                tester.Simulation.Elapsed, tester.Simulation.Steps),
        };
    }

    private static int Leader(RaftTester t, int fallback)
    {
        int leader = -1, term = -1;
        for (int i = 0; i < t.Servers; i++)
        {
            if (!t.IsAlive(i) || !t.IsConnected(i)) continue;
            var state = t.GetState(i);
            if (state.IsLeader && state.Term > term) (leader, term) = (i, state.Term);
        }
        return leader >= 0 ? leader : fallback;
    }

    private static int[] Strike(RaftTester t, RaftFault fault, ref int crashes)
    {
        int first = Leader(t, fault.Peer);
        int[] Group(int size) => [.. Enumerable.Range(0, size).Select(k => (first + k) % t.Servers)];
        switch (fault.Kind)
        {
            case RaftFaultKind.IsolateLeader:
            case RaftFaultKind.PartitionMinority:
            case RaftFaultKind.PartitionMajority:
                var peers = Group(fault.Kind switch
                {
                    RaftFaultKind.IsolateLeader => 1,
                    RaftFaultKind.PartitionMinority => Math.Max(1, (t.Servers - 1) / 2),
                    _ => t.Servers / 2 + 1,
                });
                foreach (var p in peers) if (t.IsConnected(p)) t.Disconnect(p);
                return peers;
            case RaftFaultKind.CrashRestart:
                if (t.IsAlive(first))
                {
                    t.Crash(first);
                    crashes++;
                }
                return [first];
            case RaftFaultKind.CrashPeer:
                if (t.IsAlive(fault.Peer))
                {
                    t.Crash(fault.Peer);
                    crashes++;
                }
                return [fault.Peer];
            case RaftFaultKind.CrashAll:
                for (int i = 0; i < t.Servers; i++)
                {
                    if (!t.IsAlive(i)) continue;
                    t.Crash(i);
                    crashes++;
                }
                return [.. Enumerable.Range(0, t.Servers)];
            case RaftFaultKind.Churn:
                return [.. Enumerable.Range(0, t.Servers)];
            case RaftFaultKind.Unreliable:
                t.SetReliable(false);
                return [];
            default:
                t.SetReliable(false);
                t.SetLongReordering(true);
                return [];
        }
    }

    /// <summary>One step of Figure 8's churn; returns the crashes it made.</summary>
    private static int Churn(RaftTester t)
    {
        for (int i = 0; i < t.Servers; i++)
            if (t.IsConnected(i) && t.IsAlive(i)) t.Start(i, 2_000_000 + t.Rand(1_000_000));
        int up = Enumerable.Range(0, t.Servers).Count(t.IsAlive);
        int leader = Leader(t, -1);
        if (leader >= 0 && t.Rand(1000) < 600)
        {
            t.Crash(leader);
            return 1;
        }
        if (up > t.Servers / 2 && t.Rand(1000) < (leader < 0 ? 500 : 200))
        {
            var voters = Enumerable.Range(0, t.Servers).Where(i => t.IsAlive(i) && i != leader).ToList();
            t.Crash(voters[t.Rand(voters.Count)]);
            return 1;
        }
        if (up < t.Servers && (up <= t.Servers / 2 || t.Rand(2) == 0))
        {
            var down = Enumerable.Range(0, t.Servers).Where(i => !t.IsAlive(i)).ToList();
            t.Restart(down[t.Rand(down.Count)]);
        }
        return 0;
    }

    private static void Heal(RaftTester t, RaftFault fault, int[] peers)
    {
        switch (fault.Kind)
        {
            case RaftFaultKind.CrashRestart or RaftFaultKind.CrashPeer or RaftFaultKind.CrashAll or RaftFaultKind.Churn:
                foreach (var p in peers) if (!t.IsAlive(p)) t.Restart(p);
                break;
            case RaftFaultKind.Unreliable:
                t.SetReliable(true);
                break;
            case RaftFaultKind.LongReordering:
                t.SetLongReordering(false);
                t.SetReliable(true);
                break;
            default:
                foreach (var p in peers) if (t.IsAlive(p) && !t.IsConnected(p)) t.Connect(p);
                break;
        }
    }
}
