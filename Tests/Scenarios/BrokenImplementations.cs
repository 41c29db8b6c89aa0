using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>The deliberately wrong implementations the harness must catch, each with its one-line bug.</summary>
internal static class BrokenImplementations
{
    public static IEnumerable<SimpleKv> All =>
    [
        new NoDuplicateDetectionKv(),
        new LostDuplicateTableKv(),
        new SequenceOnlyDuplicatesKv(),
        new NewSequenceOnRetryKv(),
        new ReplyBeforePersistKv(),
        new RemembersOnlyGetsKv(),
    ];

    public static IEnumerable<TestCaseData> Cases => All.Select(kv => new TestCaseData(kv).SetArgDisplayNames(kv.Name));
}
