using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.Scenarios;
using KvService.Reference;
using KvService.Scenarios;

namespace LabRpc.Benchmarks.Scenarios;

/// <summary>
/// What <c>check</c> and <c>check --service pb</c> do per scenario: the next of the first <see cref="Scenarios"/>
/// scenarios of the default sweep (seed 1) generated, run against the reference and judged, on one core, so that the
/// two services' scenarios per second compare on the same footing. The primary/backup scenarios run 2–3 servers and a
/// view service pinged every 100 ms of virtual time.
/// </summary>
[Config(typeof(OneCore))]
public class SweepScenarioBenchmarks
{
    /// <summary>The sweep's scenarios the benchmark cycles through.</summary>
    public const int Scenarios = 64;

    private readonly ReferenceKv _kv = new();
    private readonly ReferencePb _pb = new();
    private int _nextKv;
    private int _nextPb;

    [Benchmark(Baseline = true, Description = "KV sweep scenario")]
    public bool KvScenario() =>
        ScenarioRunner.Run(ScenarioGenerator.Generate(ScenarioGenerator.SeedOf(1, _nextKv++ % Scenarios)), _kv).Passed;

    [Benchmark(Description = "primary/backup sweep scenario")]
    public bool PbScenario() =>
        PbScenarioRunner.Run(PbScenarioGenerator.Generate(PbScenarioGenerator.SeedOf(1, _nextPb++ % Scenarios)), _pb).Passed;

    /// <summary>One core, methods compiled optimized at once, as <see cref="ScenarioBenchmarks"/> runs.</summary>
    private sealed class OneCore : ManualConfig
    {
        public OneCore()
        {
            AddJob(Job.Default.WithAffinity(1).WithEnvironmentVariable("DOTNET_TC_QuickJit", "0"));
            AddColumn(new RateColumn("Scenarios/s", "Scenarios generated, run and judged per wall-clock second", (_, meanNs) => 1e9 / meanNs));
        }
    }
}
