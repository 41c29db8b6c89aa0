using BenchmarkDotNet.Attributes;
using KvService.Harness;
using KvService.Reference;

namespace LabRpc.Benchmarks.Kv;

/// <summary>
/// Operations per second through the reference clerk and server: five clerks, each cycling Put, Append and Get on a key
/// of its own (values stay short), on a reliable and on an unreliable network. Each invocation is a fresh cluster
/// running <see cref="Operations"/> operations; virtual time is free, so this is the cost of the simulation, the codec
/// and the server.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class KvThroughputBenchmarks
{
    private const int Clerks = 5;
    private const int Operations = 30_000;

    [Params(false, true)]
    public bool Unreliable { get; set; }

    [Benchmark(OperationsPerInvoke = Operations)]
    public int PutAppendGet()
    {
        using var cluster = new KvCluster(new ReferenceKv(), 1, new KvClusterOptions { Unreliable = Unreliable });
        var clerks = cluster.MakeClerks(Clerks);
        cluster.Simulation.Run(async () =>
        {
            var tasks = new Task[Clerks];
            for (int c = 0; c < Clerks; c++)
            {
                var ck = clerks[c];
                string key = "k" + c;
                tasks[c] = cluster.Simulation.Spawn(async () =>
                {
                    for (int i = 0; i < Operations / Clerks / 3; i++)
                    {
                        await ck.PutAsync(key, "value");
                        await ck.AppendAsync(key, "+1");
                        await ck.GetAsync(key);
                    }
                });
            }
            await Task.WhenAll(tasks);
        });
        return cluster.Ops;
    }
}
