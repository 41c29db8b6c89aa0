using LabRpc;

namespace KvService.Suite;

/// <summary>
/// The KV suite, test by test: 6.824's kvsrv checks, its memory checks, crashes, duplicates sent on purpose and the
/// determinism check, each with its fixed seed. The NUnit suite (<c>Tests/Kv</c>) and the grader both run this list, so
/// a student's <c>dotnet test</c> and their grade run the same checks.
/// </summary>
public static class KvSuiteTests
{
    /// <summary>The group of 6.824's kvsrv checks.</summary>
    public const string Kvsrv = "kvsrv";

    /// <summary>The group of 6.824's memory checks.</summary>
    public const string Memory = "memory";

    /// <summary>The group of crash checks.</summary>
    public const string Crashes = "crashes";

    /// <summary>The group of checks that send duplicates on purpose.</summary>
    public const string Duplicates = "duplicates";

    /// <summary>The group of the same-seed determinism check.</summary>
    public const string Determinism = "determinism";

    /// <summary>Every test, in the order the groups above are listed.</summary>
    public static IReadOnlyList<KvSuiteTest> All { get; } = [.. Build()];

    /// <summary>The groups, in order.</summary>
    public static IReadOnlyList<string> Groups { get; } = [Kvsrv, Memory, Crashes, Duplicates, Determinism];

    /// <summary>The tests of <paramref name="group"/>.</summary>
    public static IEnumerable<KvSuiteTest> InGroup(string group) => All.Where(t => t.Group == group);

    private static IEnumerable<KvSuiteTest> Build()
    {
        yield return new(Kvsrv, "OneClientAppendsAndGetsInOrder", 1, (i, s, o) => KvChecks.Generic(i, s, o, clients: 1, unreliable: false));
        yield return new(Kvsrv, "ConcurrentClientsEachSeeTheirOwnAppends", 2, (i, s, o) => KvChecks.Generic(i, s, o, clients: 5, unreliable: false));
        yield return new(Kvsrv, "UnreliableNetworkLosesAndRepeatsNothing", 3, (i, s, o) => KvChecks.Generic(i, s, o, clients: 5, unreliable: true));
        yield return new(Kvsrv, "ConcurrentAppendsToOneKeyOnAnUnreliableNetworkApplyOnce", 4, KvChecks.UnreliableOneKey);

        yield return new(Memory, "OverwrittenValueReadByTwoClerksIsNotKept", 11, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.Get2));
        yield return new(Memory, "OverwrittenPutValueIsNotKept", 12, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.Put));
        yield return new(Memory, "TwoBigAppendsKeepAtMostThreeCopies", 13, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.Append));
        yield return new(Memory, "ManyPutClientsCostAFewBytesEach", 14, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.PutManyClients));
        yield return new(Memory, "GetsAreNotRemembered", 15, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.GetManyClients));
        yield return new(Memory, "ManyAppendsKeepFewerThanThreeCopies", 16, KvMemoryChecks.MeasuredTwice(KvMemoryChecks.ManyAppends));

        CallStage[] stages = [CallStage.Arrived, CallStage.Executed, CallStage.ReplySent];
        ulong seed = 21;
        foreach (bool unreliable in new[] { false, true })
            foreach (var stage in stages)
                yield return new(Crashes, $"CrashDuringOneAppendLosesAndRepeatsNothing({stage},{unreliable})", seed++,
                    (i, s, o) => KvCrashChecks.Scripted(i, s, o, stage, everyOperation: false, unreliable));
        seed = 31;
        foreach (bool unreliable in new[] { false, true })
            foreach (var stage in stages)
                yield return new(Crashes, $"CrashDuringEveryOperationLosesAndRepeatsNothing({stage},{unreliable})", seed++,
                    (i, s, o) => KvCrashChecks.Scripted(i, s, o, stage, everyOperation: true, unreliable));
        seed = 41;
        foreach (var stage in stages)
            yield return new(Crashes, $"RepeatedCrashesWhileManyClientsAppendOnAnUnreliableNetwork({stage})", seed++,
                (i, s, o) => KvCrashChecks.Workload(i, s, o, unreliable: true, stage, crashChance: 0.02, randomTimes: false));
        foreach (bool unreliable in new[] { false, true })
            yield return new(Crashes, $"CrashesAtRandomTimesBetweenAndDuringOperations({unreliable})", seed++,
                (i, s, o) => KvCrashChecks.Workload(i, s, o, unreliable, stage: null, crashChance: 0, randomTimes: true));

        yield return new(Duplicates, "ADuplicateArrivingWhileTheOriginalExecutesRunsOnceAndGetsTheSameReply", 51, KvDuplicateChecks.WhileExecuting);
        yield return new(Duplicates, "ADuplicateArrivingAfterTheReplyRunsOnceAndGetsTheSameReply", 52, KvDuplicateChecks.AfterTheReply);
        yield return new(Duplicates, "OldDuplicatesArrivingAfterNewerRequestsDoNotRun", 53, KvDuplicateChecks.OldAfterNewer);

        yield return new(Determinism, "TheSameSeedRunsTheSameWay", 61, KvDeterminismChecks.SameSeedSameRun);
    }
}
