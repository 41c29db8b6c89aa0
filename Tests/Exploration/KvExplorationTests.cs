using KvService.Contract;
using KvService.Exploration;
using KvService.Reference;
using KvService.Scenarios;
using LabRpc.Exploration;
using LabRpc.Tests.Scenarios;

namespace LabRpc.Tests.Exploration;

/// <summary>
/// Exploration of small configurations: the reference is explored completely without a violation, and every member of the
/// broken zoo is found by exploring a configuration of at most 2 clients × 3 operations within the default bounds.
/// </summary>
public sealed class KvExplorationTests
{
    /// <summary>The smallest configuration (seed, clients, operations each; one key) where exploration finds each zoo member,
    /// as scripts/explore-zoo.sh finds them: the first of 1×1, 1×2, 2×1, 1×3, 2×2, 2×3, each with seeds 1 to 3.</summary>
    private static readonly Dictionary<string, (ulong Seed, int Clients, int Operations)> Smallest = new()
    {
        ["no-duplicate-table"] = (3, 1, 1),
        ["duplicate-table-lost-on-restart"] = (3, 1, 1),
        ["duplicates-keyed-by-sequence-only"] = (1, 2, 1),
        ["new-sequence-number-on-retry"] = (3, 1, 1),
        ["replies-before-persisting"] = (1, 1, 1),
        ["remembers-only-gets"] = (3, 1, 1),
        ["two-step-persist"] = (1, 1, 1),
        ["await-before-record"] = (3, 1, 1),
        ["forgets-client-on-get"] = (2, 1, 3),
        ["client-id-from-random-shared"] = (1, 1, 1),
        ["clerk-gives-up"] = (1, 1, 1),
        ["values-then-entry-persist"] = (3, 1, 1),
        ["forgets-client-on-put"] = (3, 1, 2),
        ["no-duplicate-detection"] = (1, 1, 1),
    };

    private static ExplorationConfig ConfigOf((ulong Seed, int Clients, int Operations) c) =>
        new() { Seed = c.Seed, Clients = c.Clients, OperationsPerClient = c.Operations };

    public static IEnumerable<TestCaseData> Zoo => BrokenImplementations.Cases;

    public static IEnumerable<TestCaseData> ZooConfigurations =>
        Smallest.Values.Distinct().Select(c => new TestCaseData(c.Seed, c.Clients, c.Operations));

    [TestCaseSource(nameof(Zoo))]
    public void EveryZooMemberIsFoundByExploringASmallConfiguration(IKvImplementation broken, string bug)
    {
        Assert.That(Smallest.TryGetValue(broken.Name, out var smallest), $"{broken.Name} ({bug}) has a configuration in the table");
        var config = ConfigOf(smallest);

        var result = KvExplorer.Explore(broken, config);

        TestContext.Out.WriteLine($"{broken.Name}: {config.Summary()}: {result.Headline()}; {config.DescribeWorkload()}");
        Assert.That(result.Failure, Is.Not.Null, $"{broken.Name} ({bug}): {result.Headline()}");
        Assert.That(result.Failure!.Failed, Is.True);
        Assert.That(config.Clients * 10 + config.OperationsPerClient, Is.LessThanOrEqualTo(23), "at most 2 clients × 3 operations");
        var (faults, _, deviations) = Explorer.Cost(result.Search.CounterexampleTrace!, result.Search.CounterexampleTrace!.Count);
        Assert.That(faults, Is.LessThanOrEqualTo(config.Bounds.MaxFaults));
        Assert.That(deviations, Is.LessThanOrEqualTo(config.Bounds.MaxDeviations));
        if (!DeterminismCheck.IsNondeterministic(result.Failure)) // a nondeterministic failure shows only when two runs differ
            Assert.That(KvExplorer.Replay(broken, config, result.Choices!, RunOptions.Default).Failed, Is.True, "its choices replay the failure");
    }

    [TestCaseSource(nameof(ZooConfigurations))]
    public void TheReferenceIsExploredCompletelyWithoutAViolationInEachZooConfiguration(ulong seed, int clients, int operations)
    {
        var config = ConfigOf((seed, clients, operations));

        var result = KvExplorer.Explore(new ReferenceKv(), config);

        TestContext.Out.WriteLine($"{config.Summary()}: {result.Headline()}");
        Assert.That(result.Passed, Is.True, result.Headline());
        Assert.That(result.Search.Complete, Is.True);
        Assert.That(result.Search.CostCovered, Is.EqualTo(config.Bounds.MaxFaults + config.Bounds.MaxDeviations));
    }

    [Test]
    public void TheDefaultExplorationOfTheReferenceIsCompleteWithoutAViolation()
    {
        // Two clients × two operations with up to one fault and one deviation: a few hundred schedules, well under a second.
        var config = new ExplorationConfig { Bounds = new ExplorationBounds { MaxFaults = 1, MaxDeviations = 1 } };

        var result = KvExplorer.Explore(new ReferenceKv(), config);

        TestContext.Out.WriteLine($"{config.Summary()}: {result.Headline()} ({result.Search.Runs} runs, {result.Search.Elapsed.TotalSeconds:0.00} s)");
        Assert.That(result.Passed, Is.True, result.Headline());
        Assert.That(result.Search.Schedules, Is.GreaterThan(100), "a real search, not one run");
        Assert.That(result.Headline(), Does.StartWith("COMPLETE: no violation in any schedule with at most 1 fault"));
    }

    [Test]
    public void TheNodeReductionJudgesFewerSchedulesThanEveryOrderOfTasksAndBothAreComplete()
    {
        var config = new ExplorationConfig { Bounds = new ExplorationBounds { MaxFaults = 1, MaxDeviations = 1 } };

        var nodes = KvExplorer.Explore(new ReferenceKv(), config);
        var tasks = KvExplorer.Explore(new ReferenceKv(), config with { Bounds = config.Bounds with { Reduction = Reduction.None } });

        TestContext.Out.WriteLine($"nodes: {nodes.Search.Schedules} schedules; every task: {tasks.Search.Schedules}");
        Assert.That((nodes.Passed, tasks.Passed), Is.EqualTo((true, true)));
        Assert.That(nodes.Search.Schedules, Is.LessThan(tasks.Search.Schedules));
    }

    [Test]
    public void AnExplorationStoppedByItsRunLimitIsIncompleteNeverAPass()
    {
        var config = new ExplorationConfig { Bounds = new ExplorationBounds { MaxRuns = 10 } };

        var result = KvExplorer.Explore(new ReferenceKv(), config);

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Search.Complete, Is.False);
        Assert.That(result.Headline(), Does.StartWith("INCOMPLETE").And.Contain("run limit"));
    }

    [Test]
    public void ARunThatBlocksItsThreadStopsTheSearchAsAViolationNotAHang()
    {
        var blocking = new LabRpc.Tests.Scenarios.Broken.BlockingClerkKv();
        var config = new ExplorationConfig { Seed = 1, Clients = 1, OperationsPerClient = 1 }; // client 0: put k0
        var run = RunOptions.Default with { StallTimeout = TimeSpan.FromMilliseconds(200), StrictEscapeDetection = false }; // found by the stall watch

        var result = KvExplorer.Explore(blocking, config, run);

        Assert.That(result.Passed, Is.False);
        Assert.That(result.Search.Complete, Is.False);
        Assert.That(result.Search.Incomplete, Does.Contain("blocked its thread"));
        Assert.That(result.Failure, Is.Not.Null);
        Assert.That(result.Failure!.Blocked || result.Failure.Failed, Is.True, result.Failure.Describe());
        Assert.That(blocking.Blocks, Is.EqualTo(2), "the first run blocked, and the replay that reports it");
    }
}
