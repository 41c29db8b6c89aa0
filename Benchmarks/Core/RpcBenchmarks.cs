using BenchmarkDotNet.Attributes;

namespace LabRpc.Benchmarks.Core;

/// <summary>
/// labrpc's TestBenchmark: 100,000 sequential calls of a small handler on a reliable network. labrpc takes
/// 35.5 µs per call on this machine kind (3.55 s for 100,000 calls, Go 1.19). Reported per call.
/// </summary>
[MemoryDiagnoser]
public class RpcBenchmarks
{
    internal const int Calls = 100_000;

    [Params("MessagePack", "Json")]
    public string Codec { get; set; } = "MessagePack";

    [Params(SchedulingStrategy.Random, SchedulingStrategy.Fifo)]
    public SchedulingStrategy Scheduling { get; set; }

    [Benchmark(OperationsPerInvoke = Calls)]
    public int SequentialCalls() =>
        Run(new SimulationOptions { Scheduling = Scheduling }, Codec == "Json" ? JsonCodec.Instance : MessagePackCodec.Instance);

    /// <summary>labrpc's benchmark: <see cref="Calls"/> sequential calls of a small handler, reliable network.</summary>
    internal static int Run(SimulationOptions options, ICodec codec)
    {
        using var sim = new Simulation(1, options);
        var net = new Network(sim, codec);
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
}
