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
    private const int Calls = 100_000;

    [Params(false, true)]
    public bool Strict { get; set; }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int SequentialCalls()
    {
        using var sim = new Simulation(1, new SimulationOptions { StrictEscapeDetection = Strict });
        var net = new Network(sim);
        net.AddServer("server", new Server(new Service(new EchoService())));
        var end = net.MakeEnd("end", "server");
        int ok = 0;
        sim.Run(async () =>
        {
            for (int i = 0; i < Calls; i++)
            {
                var (success, _) = await end.Call<string>("EchoService.Handler2", i);
                if (success) ok++;
            }
        });
        if (ok != Calls) throw new InvalidOperationException($"only {ok} of {Calls} calls succeeded");
        return ok;
    }

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
