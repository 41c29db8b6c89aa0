using System.Net;
using System.Net.Sockets;
using BenchmarkDotNet.Attributes;
using StreamJsonRpc;

namespace LabRpc.Benchmarks.Real;

/// <summary>
/// The plumbing the TCP transport was chosen by: an echo round trip over loopback TCP with <see cref="Callers"/>
/// concurrent callers on one connection, through our <see cref="TcpServer"/> and <see cref="TcpClientEnd"/> (handlers
/// on a <see cref="RealNode"/>, calls multiplexed by call id, MessagePack) and through StreamJsonRpc with its
/// MessagePack formatter and length-prefixed messages. One operation is one call; both servers run in this process.
/// </summary>
[MemoryDiagnoser]
[MedianColumn]
public class PlumbingBenchmarks
{
    private const int Callers = 16;
    private const int CallsPerCaller = 250;
    private const int Calls = Callers * CallsPerCaller;

    private RealNode? _node;
    private TcpServer? _tcpServer;
    private TcpClientEnd? _tcpClient;
    private TcpListener? _listener;
    private JsonRpc? _jsonServer;
    private JsonRpc? _jsonClient;
    private TcpClient? _jsonSocket;

    /// <summary>Starts both servers on free ports and connects a client to each.</summary>
    [GlobalSetup]
    public void Setup()
    {
        _node = new RealNode("echo");
        var server = new Server();
        server.AddService(new Service(new PlumbingEcho()));
        _tcpServer = new TcpServer(server, _node);
        _tcpServer.Start();
        _tcpClient = TcpClientEnd.Connect($"127.0.0.1:{_tcpServer.Port}");

        _listener = new TcpListener(IPAddress.Loopback, 0);
        _listener.Start();
        var accepted = _listener.AcceptTcpClientAsync();
        _jsonSocket = new TcpClient();
        _jsonSocket.Connect(IPAddress.Loopback, ((IPEndPoint)_listener.LocalEndpoint).Port);
        _jsonSocket.NoDelay = true;
        var serverSocket = accepted.GetAwaiter().GetResult(); // outside the simulation: benchmark set-up
        serverSocket.NoDelay = true;
        var serverStream = serverSocket.GetStream();
        _jsonServer = new JsonRpc(new LengthHeaderMessageHandler(serverStream, serverStream, new MessagePackFormatter()), new PlumbingEcho());
        _jsonServer.StartListening();
        var clientStream = _jsonSocket.GetStream();
        _jsonClient = new JsonRpc(new LengthHeaderMessageHandler(clientStream, clientStream, new MessagePackFormatter()));
        _jsonClient.StartListening();

        // Both answer before anything is measured.
        if (LabRpcTcp().GetAwaiter().GetResult() != Calls || StreamJsonRpcMessagePack().GetAwaiter().GetResult() != Calls)
            throw new InvalidOperationException("An echo came back wrong.");
    }

    /// <summary>Closes the clients and servers.</summary>
    [GlobalCleanup]
    public void Cleanup()
    {
        _jsonClient?.Dispose();
        _jsonServer?.Dispose();
        _jsonSocket?.Dispose();
        _listener?.Stop();
        _tcpClient?.Dispose();
        _tcpServer?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _node?.Dispose();
    }

    /// <summary>Our transport: <see cref="Callers"/> callers, one connection.</summary>
    [Benchmark(Baseline = true, OperationsPerInvoke = Calls)]
    public async Task<int> LabRpcTcp()
    {
        var end = _tcpClient!;
        var callers = new Task<int>[Callers];
        for (int c = 0; c < Callers; c++)
        {
            callers[c] = Caller(c);
        }
        return (await Task.WhenAll(callers)).Sum();

        async Task<int> Caller(int id)
        {
            int right = 0;
            for (int i = 0; i < CallsPerCaller; i++)
            {
                int arg = id * CallsPerCaller + i;
                var (ok, reply) = await end.Call<string>("PlumbingEcho.Handler2", arg);
                if (!ok) throw new InvalidOperationException($"Call {arg} got no answer.");
                if (reply == "handler2-" + arg) right++;
            }
            return right;
        }
    }

    /// <summary>StreamJsonRpc over MessagePack: <see cref="Callers"/> callers, one connection.</summary>
    [Benchmark(OperationsPerInvoke = Calls)]
    public async Task<int> StreamJsonRpcMessagePack()
    {
        var rpc = _jsonClient!;
        var callers = new Task<int>[Callers];
        for (int c = 0; c < Callers; c++)
        {
            callers[c] = Caller(c);
        }
        return (await Task.WhenAll(callers)).Sum();

        async Task<int> Caller(int id)
        {
            int right = 0;
            for (int i = 0; i < CallsPerCaller; i++)
            {
                int arg = id * CallsPerCaller + i;
                string reply = await rpc.InvokeAsync<string>(nameof(PlumbingEcho.Handler2), arg);
                if (reply == "handler2-" + arg) right++;
            }
            return right;
        }
    }
}
