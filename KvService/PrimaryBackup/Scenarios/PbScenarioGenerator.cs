using KvService.Model;
using KvService.Scenarios;
using LabRpc;

namespace KvService.PrimaryBackup.Scenarios;

/// <summary>
/// Draws primary/backup scenarios from a seed, and each clerk's operations from the scenario. Events that change the
/// view or hold back a new backup's state (crashes, the view service cut off from a server or from everyone, the primary
/// cut off from its backup: <see cref="PbFault.Sequential"/>) come one after another, the first at least
/// <see cref="RecoveryGap"/> after the service started and each at least that long after the previous one ended, so that
/// a backup holds the state when the next one strikes: the service cannot survive losing every server that holds it
/// (that is the design, not a bug to find). Partitions between a clerk and a server fall anywhere.
/// </summary>
public static class PbScenarioGenerator
{
    /// <summary>The least time between the end of an event that changes the view and the start of the next.</summary>
    public static TimeSpan RecoveryGap { get; } = TimeSpan.FromSeconds(1);

    /// <summary>What a split brain adds to a drawn duration: the time the view service takes to replace a primary it no
    /// longer hears from.</summary>
    public static TimeSpan SplitBrainLead { get; } = TimeSpan.FromSeconds(1);

    /// <summary>The kinds of the last event a scenario may have, drawn after everything else: added later, they come last
    /// so that they change none of the draws before them, and a seed's earlier events stay what they were.</summary>
    private static readonly PbFaultKind[] LinkKinds = [PbFaultKind.LoseBackupReplies, PbFaultKind.HoldPrimaryBackup];

    /// <summary>The kinds drawn for the first events, each equally likely but the compound events, more likely (a split
    /// brain three times, a retry across failovers twice): the rarer bugs need them.</summary>
    private static readonly PbFaultKind[] Kinds =
        [.. Enum.GetValues<PbFaultKind>().Except(LinkKinds), PbFaultKind.SplitBrain, PbFaultKind.SplitBrain, PbFaultKind.RetryAcrossFailovers];

    /// <summary>How often a scenario ends with an event of <see cref="LinkKinds"/>.</summary>
    private const double LinkEventChance = 0.25;

    /// <summary>The scenario for <paramref name="seed"/>.</summary>
    public static PbScenario Generate(ulong seed)
    {
        var random = new DeterministicRandom(seed ^ 0x9E3779B97F4A7C15UL);
        int clients = random.Next(1, 4);
        var faults = new List<PbFault>();
        var cursor = RecoveryGap;
        int count = random.Next(0, 4);
        for (int i = 0; i < count; i++)
        {
            var kind = Kinds[random.Next(Kinds.Length)];
            var duration = Ms(random.Next(100, 1500));
            // A split brain lasts long enough for the view service to replace the primary and for the clerks to notice.
            if (kind == PbFaultKind.SplitBrain) duration += SplitBrainLead;
            var fault = new PbFault(kind, Ms(random.Next(0, 2500)), duration, Client: random.Next(clients),
                Gap: kind is PbFaultKind.CrashBoth or PbFaultKind.RetryAcrossFailovers ? RecoveryGap + Ms(random.Next(0, 500)) : default);
            // The clerk is drawn for every kind (the draws stay as they were), kept only where the kind names one.
            if (!fault.NamesClerk) fault = fault with { Client = 0 };
            if (fault.Sequential)
            {
                fault = fault with { At = Earliest(fault, cursor) + Ms(random.Next(0, 300)) };
                cursor = fault.End + RecoveryGap;
            }
            faults.Add(fault);
        }
        var scenario = new PbScenario
        {
            Seed = seed,
            Servers = random.Next(2, 4),
            Clients = clients,
            OperationsPerClient = random.Next(4, 17),
            Keys = random.Next(1, 3),
            MaxThinkTime = Ms(random.Next(0, 301)),
            Unreliable = random.Chance(0.3),
        };
        if (random.Chance(LinkEventChance))
        {
            var kind = LinkKinds[random.Next(LinkKinds.Length)];
            faults.Add(new PbFault(kind, cursor + Ms(random.Next(0, 300)), Ms(random.Next(100, 1500))));
        }
        return scenario with { Faults = [.. faults.OrderBy(f => f.At)] };
    }

    /// <summary>Whether the sequential events of <paramref name="scenario"/> are as far apart as generated ones: the first
    /// at least <see cref="RecoveryGap"/> after the start, each at least that long after the previous one ended. A
    /// scenario that is not may fail for want of a server holding the state, which is no bug.</summary>
    public static bool KeepsEventsApart(PbScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var free = RecoveryGap;
        foreach (var fault in scenario.Faults.Where(f => f.Sequential).OrderBy(f => f.At))
        {
            if (fault.At < Earliest(fault, free)) return false;
            free = fault.End + RecoveryGap;
        }
        return true;
    }

    /// <summary>When a sequential event may start, <paramref name="free"/> being the earliest for any: a split brain that
    /// comes first may start at once (it crashes nothing, and the clerks have most of their operations left), the others
    /// not before <see cref="RecoveryGap"/>.</summary>
    private static TimeSpan Earliest(PbFault fault, TimeSpan free) =>
        fault.Kind == PbFaultKind.SplitBrain && free == RecoveryGap ? TimeSpan.Zero : free;

    /// <summary>Operation <paramref name="index"/> of <paramref name="client"/> and the pause before it: drawn from the
    /// scenario's seed, the client and the index, so that a smaller scenario keeps the operations it still has. Append
    /// tokens and Put values are unique (as in the KV scenarios: <see cref="Workload"/>).</summary>
    public static (KvInput Input, TimeSpan Think) Step(PbScenario scenario, int client, int index)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var random = new DeterministicRandom(scenario.Seed ^ 0xA0761D6478BD642FUL
            ^ ((ulong)(uint)client * 0xE7037ED1A0B428DBUL) ^ ((ulong)(uint)index * 0x8EBC6AF09C88C6E3UL));
        int pick = random.Next(5) switch { 0 or 1 => 0, 2 => 1, _ => 2 }; // Gets 2 in 5 (stale reads need readers), Puts 1, Appends 2
        string key = Workload.Key(random.Next(scenario.Keys));
        var input = pick == 0 ? KvInput.Get(key) : pick == 1 ? KvInput.Put(key, Workload.PutValue(client, index)) : KvInput.Append(key, Workload.Token(client, index));
        int maxThink = (int)scenario.MaxThinkTime.TotalMilliseconds;
        return (input, Ms(maxThink <= 0 ? 0 : random.Next(maxThink + 1)));
    }

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
