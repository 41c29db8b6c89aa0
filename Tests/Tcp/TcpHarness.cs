using System.Net;

namespace LabRpc.Tests.Tcp;

/// <summary>A <see cref="TcpServer"/> on 127.0.0.1 (a free port) serving <see cref="TcpTestService"/> on a fresh
/// <see cref="RealNode"/>, and client ends to it, all disposed together.</summary>
public sealed class TcpHarness : IAsyncDisposable
{
    private readonly List<TcpClientEnd> _ends = [];

    public TcpHarness(TcpServerOptions? options = null, object? receiver = null)
    {
        Node = new RealNode("server", seed: 1, loggerFactory: Logs);
        Service = new TcpTestService();
        Served = new Server(new Service(receiver ?? Service));
        Server = new TcpServer(Served, Node, (options ?? new TcpServerOptions()) with { Address = IPAddress.Loopback });
        Server.Start();
    }

    public CapturedLogs Logs { get; } = new();

    public RealNode Node { get; }

    public TcpTestService Service { get; }

    public Server Served { get; }

    public TcpServer Server { get; }

    public string Address => $"127.0.0.1:{Server.Port}";

    public TcpClientEnd Client(TcpClientOptions? options = null)
    {
        var end = TcpClientEnd.Connect(Address, options ?? new TcpClientOptions { Timeout = TimeSpan.FromSeconds(10) });
        _ends.Add(end);
        return end;
    }

    /// <summary>Waits (up to 10 s) until <paramref name="condition"/> holds; false if it never does.</summary>
    public static async Task<bool> Eventually(Func<bool> condition)
    {
        for (int i = 0; i < 1000 && !condition(); i++) await Task.Delay(10);
        return condition();
    }

    public async ValueTask DisposeAsync()
    {
        Service.Open();
        foreach (var end in _ends) end.Dispose();
        await Server.DisposeAsync();
        Node.Dispose();
    }
}
