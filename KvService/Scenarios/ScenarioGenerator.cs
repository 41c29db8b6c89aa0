using LabRpc;

namespace KvService.Scenarios;

/// <summary>
/// Draws scenarios from a seed: the same seed and space give the same scenario. The check command's sweep and the
/// test suite's FsCheck properties use this one generator, so that both explore the same scenarios.
/// </summary>
public static class ScenarioGenerator
{
    private static readonly OperationMix[] Mixes =
    [
        OperationMix.Even, new(1, 1, 2), new(1, 0, 1), new(2, 1, 3), new(0, 1, 2), new(1, 0, 3),
    ];

    // The moments of a request's stages; the persister-call moments are drawn apart (from a second random source, so that
    // adding them left every other draw as it was).
    private static readonly CrashMoment[] Moments = [CrashMoment.AtTime, CrashMoment.OnArrival, CrashMoment.AfterExecution, CrashMoment.AfterReply];

    private static readonly int[] WriteNumbers = [1, 1, 1, 2, 3];

    /// <summary>The seed of scenario <paramref name="index"/> of a sweep that starts from <paramref name="sweepSeed"/>
    /// (below 2^53, so that it reads the same everywhere, JSON included).</summary>
    public static ulong SeedOf(ulong sweepSeed, int index)
    {
        ulong z = sweepSeed + (ulong)(uint)index * 0x9E3779B97F4A7C15UL + 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return (z ^ (z >> 31)) & ((1UL << 53) - 1);
    }

    /// <summary>The scenario of <paramref name="seed"/> in <paramref name="space"/> (the default space if none); its seed is <paramref name="seed"/>.</summary>
    public static Scenario Generate(ulong seed, ScenarioSpace? space = null)
    {
        space ??= ScenarioSpace.Default;
        space.Validate();
        var random = new DeterministicRandom(seed ^ 0x6A09E667F3BCC909UL);
        var extra = new DeterministicRandom(seed ^ 0xBB67AE8584CAA73BUL);
        int clients = space.Clients.Draw(random);
        int operations = space.OperationsPerClient.Draw(random);
        int keys = space.Keys.Draw(random);
        var mix = Mixes[random.Next(Mixes.Length)];
        int thinkMs = random.Next(0, 31);
        // The faults fall where the workload runs: about the time a client takes for its operations.
        int spanMs = 100 + operations * (thinkMs / 2 + 8);
        var kinds = Enum.GetValues<FaultKinds>().Where(k => k is not (FaultKinds.None or FaultKinds.Network or FaultKinds.All) && space.Faults.HasFlag(k)).ToArray();
        int count = kinds.Length == 0 ? 0 : space.FaultEvents.Draw(random);
        var faults = new List<FaultEvent>(count);
        for (int i = 0; i < count; i++) faults.Add(Fault(random, extra, kinds[random.Next(kinds.Length)], spanMs, clients));
        return new Scenario
        {
            Seed = seed,
            Clients = clients,
            OperationsPerClient = operations,
            Keys = keys,
            Mix = mix,
            MaxThinkTime = TimeSpan.FromMilliseconds(thinkMs),
            Faults = [.. faults.OrderBy(f => f.At)],
        };
    }

    private static FaultEvent Fault(DeterministicRandom random, DeterministicRandom extra, FaultKinds kind, int spanMs, int clients)
    {
        var at = Ms(random.Next(spanMs));
        return kind switch
        {
            FaultKinds.Unreliable => new UnreliableNetwork(at, Ms(random.Next(100, spanMs + 100))),
            FaultKinds.LongReordering => new LongReordering(at, Ms(random.Next(100, 2000))),
            FaultKinds.DropsAndDelays => new DropsAndDelays(at, Ms(random.Next(50, 1000)),
                random.Next(0, 51) / 100.0, random.Next(0, 51) / 100.0, Ms(random.Next(0, 101))),
            FaultKinds.Duplicates => Duplicates(random, extra, at),
            FaultKinds.ClientIsolation => new ClientIsolation(at, Ms(random.Next(50, 1500)), random.Next(clients)),
            _ => Crash(random, extra, at),
        };
    }

    /// <summary>Duplicated requests; two windows in three hold copies back (most of the requests then), so that old
    /// requests, Gets included, arrive after the client's newer ones.</summary>
    private static DuplicateRequests Duplicates(DeterministicRandom random, DeterministicRandom extra, TimeSpan at)
    {
        var duration = Ms(random.Next(100, 1000));
        double rate = random.Next(10, 51) / 100.0;
        if (extra.Next(3) == 0) return new DuplicateRequests(at, duration, rate);
        return new DuplicateRequests(at, duration, extra.Next(30, 101) / 100.0, Ms(extra.Next(100, 1001)));
    }

    /// <summary>A crash at a time, at a stage of a request, or (two in five) at a persister call of a request, mostly its
    /// first: a request persisted in two steps is cut between them.</summary>
    private static ServerCrash Crash(DeterministicRandom random, DeterministicRandom extra, TimeSpan at)
    {
        var down = Ms(random.Next(10, 1000));
        var moment = Moments[random.Next(Moments.Length)];
        if (extra.Next(5) >= 2) return new ServerCrash(at, down, moment);
        return new ServerCrash(at, down, extra.Next(3) == 0 ? CrashMoment.BeforeWrite : CrashMoment.AfterWrite, WriteNumbers[extra.Next(WriteNumbers.Length)]);
    }

    private static TimeSpan Ms(int ms) => TimeSpan.FromMilliseconds(ms);
}
