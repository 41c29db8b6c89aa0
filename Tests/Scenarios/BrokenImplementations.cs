using KvService.Contract;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>The deliberately wrong implementations the harness must catch, each with its one-line bug.</summary>
internal static class BrokenImplementations
{
    /// <summary>The kv suite's broken server: no duplicate detection, and nothing persisted either.</summary>
    private static readonly (IKvImplementation, string) KvSuiteBroken = (new Kv.Broken.NoDuplicateDetectionKv(),
        "no duplicate detection, and nothing persisted (the kv suite's broken server)");

    public static IEnumerable<(IKvImplementation Implementation, string Description)> All =>
    [
        .. new SimpleKv[]
        {
            new NoDuplicateTableKv(),
            new LostDuplicateTableKv(),
            new SequenceOnlyDuplicatesKv(),
            new NewSequenceOnRetryKv(),
            new ReplyBeforePersistKv(),
            new RemembersOnlyGetsKv(),
            new TwoStepPersistKv(),
            new AwaitBeforeRecordKv(),
            new ForgetsClientOnGetKv(),
            new RandomClientIdKv(),
            new GivesUpClerkKv(),
            new ValuesThenEntryPersistKv(),
            new ForgetsClientOnPutKv(),
        }.Select(kv => ((IKvImplementation)kv, kv.Description)),
        KvSuiteBroken,
    ];

    public static IEnumerable<TestCaseData> Cases => All.Select(b => new TestCaseData(b.Implementation, b.Description).SetArgDisplayNames(b.Implementation.Name));
}
