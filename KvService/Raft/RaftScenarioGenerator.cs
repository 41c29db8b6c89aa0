using LabRpc;

namespace KvService.Raft;

/// <summary>Draws Raft scenarios from seeds: 3 or 5 peers, 5 to 40 commands, 0 to 6 fault events one after another.</summary>
public static class RaftScenarioGenerator
{
    /// <summary>The quiet time between two events (and before the first).</summary>
    public static TimeSpan Gap { get; } = TimeSpan.FromMilliseconds(300);

    /// <summary>The seed of scenario <paramref name="index"/> of the sweep seeded <paramref name="seed"/> (the other labs' formula).</summary>
    public static ulong SeedOf(ulong seed, int index) => new DeterministicRandom(seed * 0x9E3779B97F4A7C15UL + (ulong)index).NextUInt64();

    /// <summary>The scenario for <paramref name="seed"/>.</summary>
    public static RaftScenario Generate(ulong seed)
    {
        var random = new DeterministicRandom(seed ^ 0x5AF7_1A8B_0000_0001UL);
        int peers = random.Next(3) == 0 ? 5 : 3;
        int events = random.Next(7);
        var faults = new List<RaftFault>(events);
        var at = Gap + TimeSpan.FromMilliseconds(random.Next(500));
        for (int i = 0; i < events; i++)
        {
            var kind = (RaftFaultKind)random.Next(Enum.GetValues<RaftFaultKind>().Length);
            var duration = TimeSpan.FromMilliseconds(200 + random.Next(kind switch { RaftFaultKind.CrashRestart or RaftFaultKind.IsolateLeader => 2_500, RaftFaultKind.CrashPeer or RaftFaultKind.CrashAll => 600, RaftFaultKind.Churn => 8_000, _ => 1_800 }));
            faults.Add(new RaftFault(kind, at, duration, random.Next(peers)));
            at += duration + Gap + TimeSpan.FromMilliseconds(random.Next(400));
        }
        int commands = 5 + random.Next(36);
        var span = Math.Max(at.TotalMilliseconds, 1_000);
        return new RaftScenario
        {
            Seed = seed, Peers = peers, Commands = commands, Faults = faults,
            CommandInterval = TimeSpan.FromMilliseconds(Math.Max(20, (int)(span / commands))),
        };
    }
}
