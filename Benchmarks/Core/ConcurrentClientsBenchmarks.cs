using BenchmarkDotNet.Attributes;

namespace LabRpc.Benchmarks.Core;

/// <summary>100 concurrent clients × 1,000 calls each, reliable and unreliable. Reported per call.</summary>
[MemoryDiagnoser]
public class ConcurrentClientsBenchmarks
{
    private const int Clients = 100, CallsPerClient = 1000;

    [Params(true, false)]
    public bool Reliable { get; set; }

    [Benchmark(OperationsPerInvoke = Clients * CallsPerClient)]
    public int ConcurrentCalls()
    {
        using var sim = new Simulation(1);
        var net = new Network(sim) { Reliable = Reliable };
        net.AddServer("server", new Server(new Service(new EchoService())));
        int ok = 0;
        sim.Run(async () =>
        {
            var clients = new Task[Clients];
            for (int c = 0; c < Clients; c++)
            {
                var end = net.MakeEnd("c" + c, "server");
                clients[c] = sim.Spawn(async () =>
                {
                    for (int i = 0; i < CallsPerClient; i++)
                        if ((await end.Call<string>("EchoService.Handler2", i)).Ok) ok++;
                });
            }
            await Task.WhenAll(clients);
        });
        return ok;
    }
}
