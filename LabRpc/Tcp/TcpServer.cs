using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>
/// Serves a <see cref="Server"/> (its services, found and invoked as on the simulated network) on a TCP port, running
/// every handler on one <see cref="RealNode"/>, one at a time. Many calls share a connection; replies go back as
/// handlers finish, in batches. An unknown method, arguments that do not decode and a handler that throw reach the
/// caller as the exceptions the simulated network raises. Bad input, a frame that is too long or too slow, and idle
/// connections close that connection only. The wire format is described on <c>TcpFrames</c> (LabRpc/Tcp/TcpFrames.cs).
/// </summary>
public sealed class TcpServer : IAsyncDisposable
{
    private readonly ConcurrentDictionary<long, TcpServerConnection> _connections = new();
    private Socket? _listener;
    private ITimer? _sweep;
    private Task? _accepting;
    private long _nextConnection;
    private int _disposed;

    /// <summary>A server for <paramref name="server"/>'s services whose handlers run on <paramref name="node"/>; call <see cref="Start"/>.</summary>
    public TcpServer(Server server, RealNode node, TcpServerOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(node);
        Served = server;
        Node = node;
        Options = options ?? new TcpServerOptions();
        if (Options.MaxFrameSize < TcpFrames.RequestHeaderLength) throw new ArgumentException($"MaxFrameSize must be at least {TcpFrames.RequestHeaderLength} bytes.", nameof(options));
        if (Options.MaxConnections < 1) throw new ArgumentException("MaxConnections must be at least 1.", nameof(options));
        if (Options.MaxCallsInFlightPerConnection < 1) throw new ArgumentException("MaxCallsInFlightPerConnection must be at least 1.", nameof(options));
        Log = node.LoggerFactory.CreateLogger("LabRpc.Tcp.Server");
    }

    /// <summary>The options it was made with.</summary>
    public TcpServerOptions Options { get; }

    /// <summary>The node its handlers run on.</summary>
    public RealNode Node { get; }

    /// <summary>The port it listens on (after <see cref="Start"/>; the free port taken when the options said 0).</summary>
    public int Port { get; private set; }

    /// <summary>Connections open now.</summary>
    public int ConnectionCount => _connections.Count;

    /// <summary>Connections refused because <see cref="TcpServerOptions.MaxConnections"/> were open.</summary>
    public long Refused => Interlocked.Read(ref _refused);

    private long _refused;

    internal Server Served { get; }

    internal ICodec Codec => Options.Codec;

    internal Func<ValueTask>? BeforeReply => Options.BeforeReply;

    internal ILogger Log { get; }

    /// <summary>Binds the port and starts accepting connections.</summary>
    public void Start()
    {
        if (_listener is not null) throw new InvalidOperationException("The server has already been started.");
        ObjectDisposedException.ThrowIf(_disposed != 0, this);
        var listener = new Socket(Options.Address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            // No ReuseAddress: on Linux it also sets SO_REUSEPORT, and a second server could then listen on a port in use.
            listener.Bind(new IPEndPoint(Options.Address, Options.Port));
            listener.Listen(1024);
        }
        catch (SocketException error)
        {
            listener.Dispose();
            throw new InvalidOperationException($"The server cannot listen on {Options.Address}:{Options.Port}: {error.Message}. Choose another port, or 0 for a free one.", error);
        }
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndPoint!).Port;
        var shortest = Options.FrameTimeout < Options.IdleTimeout ? Options.FrameTimeout : Options.IdleTimeout;
        var period = TimeSpan.FromTicks(Math.Clamp(shortest.Ticks / 4, TimeSpan.TicksPerMillisecond * 10, TimeSpan.TicksPerSecond));
        // outside the simulation: a real timer that closes late and idle connections.
        _sweep = Node.Time.CreateTimer(static s => ((TcpServer)s!).Sweep(), this, period, period);
        _accepting = AcceptAsync(listener);
        Log.LogInformation("serving {Services} on {Address}:{Port}, handlers on node {Node}",
            string.Join(", ", Served.Services.Select(s => s.Name)), Options.Address, Port, Node.Name);
    }

    /// <summary>Stops listening and closes every connection; handlers still running finish, their replies are dropped.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _sweep?.Dispose();
        _listener?.Dispose();
        if (_accepting is not null) await _accepting.ConfigureAwait(false); // outside the simulation: the real TCP server stops its accept loop
        var open = _connections.Values.ToList();
        foreach (var connection in open) connection.Close("the server stopped", LogLevel.Debug);
        await Task.WhenAll(open.Select(c => c.Reading)).ConfigureAwait(false); // outside the simulation: the real TCP server waits for its connections to close
    }

    internal void Remove(TcpServerConnection connection) => _connections.TryRemove(connection.Id, out _);

    private async Task AcceptAsync(Socket listener)
    {
        while (Volatile.Read(ref _disposed) == 0)
        {
            Socket socket;
            try
            {
                socket = await listener.AcceptAsync().ConfigureAwait(false); // outside the simulation: the real TCP server accepts real sockets
            }
            catch (Exception error) when (error is ObjectDisposedException or SocketException or OperationCanceledException)
            {
                if (Volatile.Read(ref _disposed) != 0) return;
                Log.LogWarning("accepting a connection failed: {Message}; trying again", error.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(10), Node.Time).ConfigureAwait(false); // outside the simulation: backs off after a failed accept on the real node's clock
                continue;
            }
            Accept(socket);
        }
    }

    private void Accept(Socket socket)
    {
        socket.NoDelay = true;
        if (_connections.Count >= Options.MaxConnections || Volatile.Read(ref _disposed) != 0)
        {
            Interlocked.Increment(ref _refused);
            Log.LogWarning("connection from {Remote} refused: {Count} connections are open, the limit (TcpServerOptions.MaxConnections)",
                socket.RemoteEndPoint, _connections.Count);
            try
            {
                socket.Send(TcpFrames.Error(0, TcpErrorCode.BadFrame, "", $"The server is at its limit of {Options.MaxConnections} connections; try again later."));
                socket.Shutdown(SocketShutdown.Both);
            }
            catch (SocketException)
            {
                // the client is gone already
            }
            socket.Dispose();
            return;
        }
        var connection = new TcpServerConnection(this, socket, Interlocked.Increment(ref _nextConnection));
        _connections[connection.Id] = connection;
        Log.LogDebug("connection from {Remote} opened ({Count} open)", connection.Remote, _connections.Count);
        connection.Reading = connection.RunAsync();
    }

    private void Sweep()
    {
        long now = Node.Time.GetTimestamp();
        foreach (var connection in _connections.Values) connection.CheckTimeouts(now);
    }
}
