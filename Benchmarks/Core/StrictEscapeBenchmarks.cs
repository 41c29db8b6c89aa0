using BenchmarkDotNet.Attributes;
using KvService.Harness;
using KvService.Reference;

namespace LabRpc.Benchmarks.Core;

/// <summary>
/// What strict escape detection (<see cref="SimulationOptions.StrictEscapeDetection"/>) costs, off and on: labrpc's
/// benchmark (sequential calls of a small handler, reliable network; per call), and one reference clerk's Puts (async
/// methods all the way down, which is where the runtime's task events cost; per Put). Each case runs in a process of its
/// own, so the task events, once on, do not reach the other cases.
/// </summary>
[MemoryDiagnoser]
public class StrictEscapeBenchmarks
{
    private const int Calls = RpcBenchmarks.Calls;

    [Params(false, true)]
    public bool Strict { get; set; }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int SequentialCalls() => RpcBenchmarks.Run(new SimulationOptions { StrictEscapeDetection = Strict }, MessagePackCodec.Instance);

    [Benchmark(OperationsPerInvoke = Calls)]
    public int KvPuts()
    {
        using var cluster = new KvCluster(new ReferenceKv(), 1,
            new KvClusterOptions { Simulation = new SimulationOptions { StrictEscapeDetection = Strict } });
        var clerk = cluster.MakeClerk();
        cluster.Simulation.Run(async () =>
        {
            for (int i = 0; i < Calls; i++) await clerk.PutAsync("k", "v");
        });
        return cluster.Ops;
    }
}
