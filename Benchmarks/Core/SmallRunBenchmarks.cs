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
        var server = new Server();
        server.AddService(new Service(new EchoService()));
        net.AddServer("server", server);
        var end = net.MakeEnd("end");
        net.Connect("end", "server");
        net.Enable("end", true);
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
