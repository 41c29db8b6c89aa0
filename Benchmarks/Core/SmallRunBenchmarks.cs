using BenchmarkDotNet.Attributes;

namespace LabRpc.Benchmarks.Core;

/// <summary>The fixed cost of a whole small run: a simulation, a network, a server, one call.</summary>
[MemoryDiagnoser]
public class SmallRunBenchmarks
{
    [Benchmark]
    public bool OneCallRun()
    {
        using var sim = new Simulation(1);
        var net = new Network(sim);
        net.AddServer("server", new Server(new Service(new EchoService())));
        var end = net.MakeEnd("end", "server");
        return sim.Run(async () => (await end.Call<string>("EchoService.Handler2", 1)).Ok);
    }

    [Benchmark]
    public bool EmptyRun()
    {
        using var sim = new Simulation(1);
        sim.Run(() => Task.CompletedTask);
        return true;
    }

    [Benchmark]
    public int NewService() => new Service(new EchoService()).Methods.Count();
}
