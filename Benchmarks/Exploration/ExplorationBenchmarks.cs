using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using KvService.Exploration;
using KvService.Reference;
using LabRpc.Exploration;

namespace LabRpc.Benchmarks.Exploration;

/// <summary>
/// Systematic exploration's speed: the first <see cref="Runs"/> runs of the walk of a configuration (1 client × 2
/// operations, 2 × 2, 2 × 3; at most 2 faults, 1 crash, 2 deviations, cheapest first) against the reference, each run
/// from the start and judged, on one core. The column turns the mean time into runs (schedules, counting the re-runs of
/// the deepening) per second. The size of each configuration's complete search is what <c>explore</c> prints.
/// </summary>
[Config(typeof(OneCore))]
public class ExplorationBenchmarks
{
    /// <summary>Runs per invocation: a prefix of the walk (the whole walk of 1 × 2 has about 2,600).</summary>
    public const int Runs = 2_000;

    private readonly ReferenceKv _reference = new();

    /// <summary>Clients × operations each.</summary>
    [Params("1x2", "2x2", "2x3")]
    public string Configuration { get; set; } = "2x2";

    [Benchmark(Description = "exploration, runs judged")]
    public long Explore()
    {
        var parts = Configuration.Split('x');
        var config = new ExplorationConfig
        {
            Clients = int.Parse(parts[0], System.Globalization.CultureInfo.InvariantCulture),
            OperationsPerClient = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture),
            Bounds = new ExplorationBounds { MaxFaults = 2, MaxCrashes = 1, MaxDeviations = 2, MaxRuns = Runs },
        };
        return KvExplorer.Explore(_reference, config).Search.Runs;
    }

    /// <summary>One core, methods compiled optimized at once (as KvService's runtime configuration says).</summary>
    private sealed class OneCore : ManualConfig
    {
        public OneCore()
        {
            AddJob(Job.Default.WithAffinity(1).WithEnvironmentVariable("DOTNET_TC_QuickJit", "0"));
            AddColumn(new Scenarios.RateColumn("Runs/s", "Exploration runs (schedules run and judged) per wall-clock second", (_, meanNs) => Runs * 1e9 / meanNs));
        }
    }
}
