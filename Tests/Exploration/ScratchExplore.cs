using KvService.Exploration;
using KvService.Reference;
using LabRpc.Exploration;

namespace LabRpc.Tests.Exploration;

public sealed class ScratchExplore
{
    [TestCase(1, 2, 1, Reduction.Nodes)]
    [TestCase(2, 2, 1, Reduction.Nodes)]
    [TestCase(2, 2, 1, Reduction.None)]
    public void Scratch(int clients, int ops, int maxFaults, Reduction reduction)
    {
        var config = new ExplorationConfig { Clients = clients, OperationsPerClient = ops, Bounds = new ExplorationBounds { MaxFaults = maxFaults, MaxDeviations = 1, Reduction = reduction, MaxRuns = 20000 } };
        var result = KvExplorer.Explore(new ReferenceKv(), config);
        TestContext.Out.WriteLine($"{config.Summary()} {reduction}: {result.Headline()} runs {result.Search.Runs} in {result.Search.Elapsed.TotalSeconds:0.00}s; {config.DescribeWorkload()}");
    }
}
