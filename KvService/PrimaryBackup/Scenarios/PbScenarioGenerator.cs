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
    /// brain three times, a retry across failovers twice): the rarer bugs need them. (The kinds up to
    /// <see cref="PbFaultKind.RetryAcrossFailovers"/>: those after it are drawn apart, later.)</summary>
    private static readonly PbFaultKind[] Kinds =
        [.. Enum.GetValues<PbFaultKind>().Where(k => k <= PbFaultKind.RetryAcrossFailovers), PbFaultKind.SplitBrain, PbFaultKind.SplitBrain, PbFaultKind.RetryAcrossFailovers];

    /// <summary>How often a scenario ends with an event of <see cref="LinkKinds"/>.</summary>
    private const double LinkEventChance = 0.25;

    /// <summary>How often a scenario has late or duplicated client requests (<see cref="PbFaultKind.DuplicateRequests"/>
    /// two times in three, <see cref="PbFaultKind.ClerkTimeouts"/> once), drawn after the link event: added later still,
    /// they change none of the draws before them.</summary>
    private const double RequestEventChance = 0.5;

    /// <summary>How often a scenario whose older draws leave the start free (nothing that changes the view) opens with a
    /// compound event at once.</summary>
    private const double OpeningWhenFreeChance = 0.9;

    /// <summary>How often another scenario opens with one, its older events that change the view moved later: the stale
    /// Gets of a primary that does not confirm them with its backup, and a state transfer that races a client's write,
    /// need a compound event while the clerks still write, and were found within 200 scenarios on 16 and 2 of 20 seeds
    /// before it.</summary>
    private const double OpeningChance = 0.8;

    /// <summary>How much later than other opening events a split brain at the start comes: the clerk it leaves with the
    /// old primary must have asked the view service for the primary before it is cut off from it.</summary>
    private static readonly TimeSpan SplitBrainDelay = TimeSpan.FromMilliseconds(150);

    /// <summary>How often a scenario ends with a crash at a request's moment, drawn after everything else.</summary>
    private const double MomentCrashChance = 0.35;

    /// <summary>The moments a crash waits for, weighted: mostly a request's stages, where the reference and most students'
    /// servers act; the persister calls less often (the reference persists nothing while it serves).</summary>
    private static readonly CrashMoment[] Moments =
        [CrashMoment.OnArrival, CrashMoment.AfterExecution, CrashMoment.AfterExecution, CrashMoment.AfterReply, CrashMoment.AfterReply,
            CrashMoment.BeforeWrite, CrashMoment.AfterWrite];

    /// <summary>The scenario for <paramref name="seed"/>.</summary>
    public static PbScenario Generate(ulong seed) => Generate(seed, withLaterKinds: true);

    /// <summary>The seed of scenario <paramref name="index"/> of the sweep seeded <paramref name="seed"/>.</summary>
    public static ulong SeedOf(ulong seed, int index) => new DeterministicRandom(seed * 0x9E3779B97F4A7C15UL + (ulong)index).NextUInt64();

    /// <summary>The scenario for <paramref name="seed"/>; without <paramref name="withLaterKinds"/>, as it was drawn before
    /// the kinds that came with late and duplicated client requests (duplicated requests, clerk timeouts, crashes at a
    /// moment, a flaky link then a failover, and the compound event at the start): those are drawn after every other
    /// draw, so that each seed's earlier events stay what they were.</summary>
    internal static PbScenario Generate(ulong seed, bool withLaterKinds)
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
            var link = new PbFault(kind, cursor + Ms(random.Next(0, 300)), Ms(random.Next(100, 1500)));
            faults.Add(link);
            cursor = link.End + RecoveryGap; // (not needed by the draws above: only by the ones added after)
        }
        if (!withLaterKinds) return scenario with { Faults = [.. faults.OrderBy(f => f.At)] };
        if (random.Chance(RequestEventChance)) faults.Add(RequestEvent(random));
        // A compound event at the start, while the clerks are busy (most finish within a second or two, before the older
        // events strike): a split brain (with two clerks or more), a flaky link then a failover, or a retry across two
        // failovers. Where older events that change the view come too early for it, they move later, all by as much.
        if (random.Chance(cursor == RecoveryGap ? OpeningWhenFreeChance : OpeningChance))
        {
            int roll = random.Next(10);
            var start = Ms(random.Next(0, 300));
            var length = Ms(random.Next(100, 1000));
            var opening = clients >= 2 && roll < 7 ? new PbFault(PbFaultKind.SplitBrain, start + SplitBrainDelay, length + SplitBrainLead, Client: random.Next(clients))
                : roll < 9 || (clients == 1 && roll < 7) ? new PbFault(PbFaultKind.FlakyLinkThenFailover, start, length, Gap: Ms(random.Next(100, 400)))
                : new PbFault(PbFaultKind.RetryAcrossFailovers, start, length, Client: random.Next(clients), Gap: RecoveryGap + Ms(random.Next(0, 500)));
            var older = faults.Where(f => f.Sequential).Select(f => f.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            var shift = older == TimeSpan.MaxValue || older >= opening.End + RecoveryGap ? TimeSpan.Zero : opening.End + RecoveryGap - older;
            for (int i = 0; i < faults.Count; i++)
                if (faults[i].Sequential) faults[i] = faults[i] with { At = faults[i].At + shift };
            faults.Add(opening);
            cursor = cursor + shift > opening.End + RecoveryGap ? cursor + shift : opening.End + RecoveryGap;
        }
        if (random.Chance(MomentCrashChance))
        {
            var kind = random.Next(3) == 0 ? PbFaultKind.CrashBackupAtMoment : PbFaultKind.CrashPrimaryAtMoment;
            var moment = Moments[random.Next(Moments.Length)];
            int write = moment is CrashMoment.BeforeWrite or CrashMoment.AfterWrite ? random.Next(1, 3) : 1;
            faults.Add(new PbFault(kind, cursor + Ms(random.Next(0, 300)), Ms(random.Next(100, 1500)), Moment: moment, Write: write));
        }
        return scenario with { Faults = [.. faults.OrderBy(f => f.At)] };
    }

    /// <summary>Late or duplicated client requests, anywhere in the first 2.5 s, for 0.3–2.5 s: duplicates two times in
    /// three (two in three of them holding copies back 100–1000 ms, so that old requests arrive after the clerk's later
    /// ones), otherwise clerk timeouts (20–200 ms, requests taking up to 50–1000 ms longer).</summary>
    private static PbFault RequestEvent(DeterministicRandom random)
    {
        var at = Ms(random.Next(0, 2500));
        var duration = Ms(random.Next(300, 2500));
        if (random.Next(3) == 2)
        {
            var timeout = Ms(random.Next(20, 201));
            return new PbFault(PbFaultKind.ClerkTimeouts, at, duration, Timeout: timeout, MaxDelay: timeout + Ms(random.Next(50, 1001)));
        }
        if (random.Next(3) == 0) return new PbFault(PbFaultKind.DuplicateRequests, at, duration, Rate: random.Next(10, 51) / 100.0);
        return new PbFault(PbFaultKind.DuplicateRequests, at, duration, Rate: random.Next(30, 101) / 100.0, MaxDelay: Ms(random.Next(100, 1001)));
    }

    /// <summary>Whether the sequential events of <paramref name="scenario"/> are as far apart as generated ones: the first
    /// at least <see cref="RecoveryGap"/> after the start (a split brain, a flaky link or a retry across failovers may
    /// start at once), each at least that long after the previous one ended. A
    /// scenario that is not may fail for want of a server holding the state, which is no bug.</summary>
    public static bool KeepsEventsApart(PbScenario scenario)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var free = RecoveryGap;
        foreach (var fault in scenario.Faults.Where(f => f.Sequential).OrderBy(f => f.At))
        {
            if (fault.At < (fault.Kind is PbFaultKind.SplitBrain or PbFaultKind.FlakyLinkThenFailover or PbFaultKind.RetryAcrossFailovers && free == RecoveryGap ? TimeSpan.Zero : free))
                return false;
            free = fault.End + RecoveryGap;
        }
        return true;
    }

    /// <summary>When an older sequential event may start, <paramref name="free"/> being the earliest for any: a split brain
    /// that comes first may start at once (it crashes nothing, and the clerks have most of their operations left), the
    /// others not before <see cref="RecoveryGap"/>. (The opening events drawn later, a flaky link or a retry across
    /// failovers among them, may start at once too: each crashes the primary only after its backup had the state for
    /// 0.3 s at least; <see cref="KeepsEventsApart"/> allows it.)</summary>
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
