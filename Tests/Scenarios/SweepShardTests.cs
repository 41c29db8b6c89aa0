using KvService.Scenarios;
using LabRpc.Tests.Kv.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary><c>check --shard i/N</c>: the parts of a sweep run each scenario once, and their summaries merge into the
/// whole sweep's, naming the same first failure.</summary>
public sealed class SweepShardTests
{
    private static readonly SweepOptions Sweep = new() { Scenarios = 90, Seed = 5, Parallelism = 2 };

    [Test]
    public void ThePartsCoverEveryScenarioOnce()
    {
        foreach (int n in new[] { 1, 2, 3, 7, 90 })
        {
            var parts = Enumerable.Range(0, n).Select(i => Sweep.Part(i, n)).ToList();
            var numbers = parts.SelectMany(p => Enumerable.Range(p.First, p.Scenarios)).ToList();
            Assert.That(numbers, Is.EqualTo(Enumerable.Range(0, 90)), $"{n} parts");
        }
        Assert.Throws<ArgumentOutOfRangeException>(() => Sweep.Part(3, 3));
    }

    [Test]
    public void MergedSummariesOfTheShardsAreTheWholeSweepsSummary()
    {
        var broken = new NoDuplicateDetectionKv();
        SweepSummary Summary(SweepOptions options) => SweepSummary.Of(ScenarioSweep.Run(broken, options), options, broken.Name, "all");
        var whole = Summary(Sweep);
        Assert.That(whole.Failed, Is.GreaterThan(1), "the sweep must find failures for this test to mean anything");
        var merged = SweepSummary.Merge([.. Enumerable.Range(0, 3).Select(i => Summary(Sweep.Part(i, 3)))]);
        Assert.That(merged, Is.EqualTo(whole));
    }

    [Test]
    public void SummariesOfDifferentSweepsOrOverlappingPartsDoNotMerge()
    {
        var a = new SweepSummary { Implementation = "x", Seed = 1, Space = "all", First = 0, Scenarios = 10, Passed = 10, Failed = 0, Unknown = 0 };
        Assert.Throws<InvalidDataException>(() => SweepSummary.Merge([a, a with { First = 5 }]));
        Assert.Throws<InvalidDataException>(() => SweepSummary.Merge([a, a with { First = 10, Seed = 2 }]));
        Assert.That(SweepSummary.Merge([a, a with { First = 20 }]).Stopped, Is.True, "a missing part is not a whole sweep");
        Assert.That(SweepSummary.Merge([a, a with { First = 10 }]), Is.EqualTo(a with { Scenarios = 20, Passed = 20 }));
    }
}
