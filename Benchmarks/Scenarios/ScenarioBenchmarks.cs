using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using KvService.Reference;
using KvService.Scenarios;

namespace LabRpc.Benchmarks.Scenarios;

/// <summary>
/// The check command's unit of work: the standard scenario (5 clients × 50 operations, labrpc's unreliable network,
/// one crash after a request executed) run against the reference implementation and judged (linearizability,
/// at-most-once, liveness), on one core. The columns turn the mean time into scenarios per second and simulated
/// seconds per wall-clock second. Each invocation runs the next of 16 seeds, so the mean is over different runs.
/// </summary>
[Config(typeof(OneCore))]
public class ScenarioBenchmarks
{
    /// <summary>The seeds the benchmark cycles through.</summary>
    public const int Seeds = 16;

    private readonly ReferenceKv _reference = new();
    private int _next;

    [Benchmark(Description = "standard scenario, run and judged")]
    public bool StandardScenario() => ScenarioRunner.Run(Scenario.Standard((ulong)(_next++ % Seeds)), _reference).Passed;

    /// <summary>The mean simulated time of the standard scenario over the seeds (the runs are deterministic).</summary>
    public static TimeSpan MeanSimulatedTime { get; } = TimeSpan.FromTicks((long)Enumerable.Range(0, Seeds)
        .Average(seed => ScenarioRunner.Run(Scenario.Standard((ulong)seed), new ReferenceKv()).Counts.SimulatedTime.Ticks));

    /// <summary>
    /// One core (processor 0), and methods compiled optimized at once as the check command's runtime configuration says
    /// (TieredCompilationQuickJit=false): on one core, tier-0 code would otherwise stay in use for most of the run.
    /// </summary>
    private sealed class OneCore : ManualConfig
    {
        public OneCore()
        {
            AddJob(Job.Default.WithAffinity(1).WithEnvironmentVariable("DOTNET_TC_QuickJit", "0"));
            AddColumn(new RateColumn("Scenarios/s", "Standard scenarios run and judged per wall-clock second", (_, meanNs) => 1e9 / meanNs));
            AddColumn(new RateColumn("Simulated s/s", "Simulated seconds per wall-clock second",
                (_, meanNs) => MeanSimulatedTime.TotalSeconds * 1e9 / meanNs));
        }
    }
}
