using BenchmarkDotNet.Attributes;
using LabRpc.Benchmarks.Core;

namespace LabRpc.Benchmarks.Tcp;

/// <summary>
/// Calls of a trivial echo handler over one real TCP connection on 127.0.0.1: 1 caller (each call waits for the one
/// before: latency) and 16 concurrent callers (sharing the connection: throughput with batched reads and writes).
/// Server and client in this process; the handler runs on a <see cref="RealNode"/>. Reported per call.
/// </summary>
[MemoryDiagnoser]
public class TcpRoundTripBenchmarks
{
    private const int TotalCalls = 32_000;

    private RealNode? _node;
    private TcpServer? _server;
    private TcpClientEnd? _end;

    [Params(1, 16)]
    public int Callers { get; set; }

    [Params(RealNodeScheduling.DedicatedThread, RealNodeScheduling.ThreadPool)]
    public RealNodeScheduling Scheduling { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _node = new RealNode("server", seed: 1, scheduling: Scheduling);
        _server = new TcpServer(new Server(new Service(new EchoService())), _node);
        _server.Start();
        _end = TcpClientEnd.Connect($"127.0.0.1:{_server.Port}", new TcpClientOptions { Timeout = TimeSpan.FromSeconds(30) });
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _end?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _node?.Dispose();
    }

    [Benchmark(OperationsPerInvoke = TotalCalls)]
    public async Task<int> Calls()
    {
        var callers = new Task<int>[Callers];
        for (int c = 0; c < Callers; c++) callers[c] = Caller(_end!, TotalCalls / Callers);
        int ok = 0;
        foreach (int n in await Task.WhenAll(callers)) ok += n;
        if (ok != TotalCalls) throw new InvalidOperationException($"only {ok} of {TotalCalls} calls succeeded");
        return ok;
    }

    private static async Task<int> Caller(TcpClientEnd end, int calls)
    {
        await Task.Yield();
        int ok = 0;
        for (int i = 0; i < calls; i++)
            if ((await end.Call<string>("EchoService.Handler2", i)).Ok) ok++;
        return ok;
    }
}
