using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace LabRpc;

/// <summary>
/// A TCP proxy between clients and a server that injects faults, for a chaos test of a real run (outside the
/// simulation: real sockets, real time). It listens on a port; for each connection it accepts it opens one to the
/// server and forwards both ways, frame by frame: a frame is a 4-byte little-endian length of the body, then the body,
/// and that is all the proxy reads. A frame is forwarded whole and in order, or not at all. Faults, each chosen with
/// the rates of <see cref="Options"/> from seeded generators: a frame delayed (order kept), a request or a reply
/// dropped (the call times out at the client), a connection cut (both sides reset); and a partition that the caller
/// switches (<see cref="Partitioned"/>). <see cref="Counts"/> says what it did.
/// </summary>
/// <example>
/// <code>
/// await using var proxy = new FaultProxy(new IPEndPoint(IPAddress.Loopback, serverPort), new FaultProxyOptions { RequestDropRate = 0.1, Seed = 7 });
/// // clients connect to proxy.EndPoint instead of the server
/// proxy.Partitioned = true;  // ... and later false
/// Console.WriteLine(proxy.Counts);
/// </code>
/// </example>
public sealed class FaultProxy : IAsyncDisposable, IDisposable
{
    private readonly Socket _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<long, FaultProxyConnection> _connections = new();
    private readonly Task _accepting;
    private FaultProxyOptions _options;
    private volatile bool _partitioned;
    private int _disposed;
    private long _nextConnection;
    private long _accepted, _refused, _unreachable, _cut, _badFrames;
    private long _requestsForwarded, _repliesForwarded, _bytesForwarded, _delayed, _requestsDropped, _repliesDropped;

    /// <summary>
    /// Starts a proxy to <paramref name="target"/>, listening on <paramref name="port"/> (0: a free port, see
    /// <see cref="EndPoint"/>) of <paramref name="address"/> (default 127.0.0.1).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    /// <exception cref="InvalidOperationException">The port cannot be listened on (in use, or not allowed).</exception>
    public FaultProxy(EndPoint target, FaultProxyOptions? options = null, int port = 0, IPAddress? address = null)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentOutOfRangeException.ThrowIfLessThan(port, IPEndPoint.MinPort);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, IPEndPoint.MaxPort);
        options ??= new FaultProxyOptions();
        options.Validate();
        Target = target;
        _options = options;
        address ??= IPAddress.Loopback;
        _listener = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            _listener.Bind(new IPEndPoint(address, port));
            _listener.Listen(512);
        }
        catch (SocketException e)
        {
            _listener.Dispose();
            throw new InvalidOperationException(
                $"The fault proxy cannot listen on {address}:{port}: {e.Message}. Choose another port, or 0 for a free one.", e);
        }
        EndPoint = (IPEndPoint)_listener.LocalEndPoint!;
        _accepting = AcceptAsync();
    }

    /// <summary>Where clients connect: the address and the port the proxy listens on.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>The port the proxy listens on.</summary>
    public int Port => EndPoint.Port;

    /// <summary>The server the proxy forwards to.</summary>
    public EndPoint Target { get; }

    /// <summary>The fault rates; replace them at any time (e.g. faults off for a run's last phase).</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of its range.</exception>
    public FaultProxyOptions Options
    {
        get => Volatile.Read(ref _options);
        set
        {
            ArgumentNullException.ThrowIfNull(value);
            value.Validate();
            Volatile.Write(ref _options, value);
        }
    }

    /// <summary>
    /// While true, the proxy is cut off from its clients: setting it cuts every open connection, and a new connection is
    /// reset as soon as it is accepted (the kernel completes the handshake; the client's first read or write fails).
    /// Setting it back to false lets new connections through.
    /// </summary>
    public bool Partitioned
    {
        get => _partitioned;
        set
        {
            _partitioned = value;
            if (value) CutAll();
        }
    }

    /// <summary>Connections open now.</summary>
    public int OpenConnections => _connections.Count;

    /// <summary>What the proxy has done so far.</summary>
    public FaultProxyCounts Counts => new()
    {
        Accepted = Interlocked.Read(ref _accepted),
        Refused = Interlocked.Read(ref _refused),
        TargetUnreachable = Interlocked.Read(ref _unreachable),
        Cut = Interlocked.Read(ref _cut),
        BadFrames = Interlocked.Read(ref _badFrames),
        RequestsForwarded = Interlocked.Read(ref _requestsForwarded),
        RepliesForwarded = Interlocked.Read(ref _repliesForwarded),
        BytesForwarded = Interlocked.Read(ref _bytesForwarded),
        FramesDelayed = Interlocked.Read(ref _delayed),
        RequestsDropped = Interlocked.Read(ref _requestsDropped),
        RepliesDropped = Interlocked.Read(ref _repliesDropped),
    };

    /// <summary>Cuts every open connection now (both sides are reset); returns how many it cut.</summary>
    public int CutAll()
    {
        int cut = 0;
        foreach (var connection in _connections.Values)
            if (connection.Close(abort: true, countAsCut: true)) cut++;
        return cut;
    }

    /// <summary>Stops listening, resets every open connection and waits until all of them have ended.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        StopListening();
        await _accepting.ConfigureAwait(false); // outside the simulation: the proxy's own I/O, on the thread pool
        var open = _connections.Values.ToArray();
        foreach (var connection in open) connection.Close(abort: true, countAsCut: false);
        await Task.WhenAll(open.Select(c => c.Completion)).ConfigureAwait(false); // outside the simulation: as above
        _stop.Dispose();
    }

    /// <summary>Stops listening and resets every open connection, without waiting for them to end.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        StopListening();
        foreach (var connection in _connections.Values) connection.Close(abort: true, countAsCut: false);
    }

    internal void Forwarded(bool request, int bytes)
    {
        Interlocked.Add(ref _bytesForwarded, bytes); // bytes first: whoever sees a frame counted sees its bytes
        Interlocked.Increment(ref request ? ref _requestsForwarded : ref _repliesForwarded);
    }

    internal void Dropped(bool request) => Interlocked.Increment(ref request ? ref _requestsDropped : ref _repliesDropped);

    internal void Delayed() => Interlocked.Increment(ref _delayed);

    internal void WasCut() => Interlocked.Increment(ref _cut);

    internal void BadFrame() => Interlocked.Increment(ref _badFrames);

    internal void Unreachable() => Interlocked.Increment(ref _unreachable);

    internal void Ended(FaultProxyConnection connection) => _connections.TryRemove(connection.Number, out _);

    private void StopListening()
    {
        _stop.Cancel();
        _listener.Dispose();
    }

    // outside the simulation: the accept loop is async socket I/O; its continuations run on the thread pool
    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync(_stop.Token).ConfigureAwait(false); // outside the simulation: a real TCP proxy
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException || _stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                // A connection that failed before it was accepted, or no descriptor left: go on after a moment.
                try { await Task.Delay(TimeSpan.FromMilliseconds(10), _stop.Token).ConfigureAwait(false); } // outside the simulation: real time between accept attempts
                catch (OperationCanceledException) { return; }
                continue;
            }
            if (_partitioned)
            {
                Interlocked.Increment(ref _refused);
                FaultProxyConnection.Reset(client);
                continue;
            }
            long number = _nextConnection++;
            var connection = new FaultProxyConnection(this, number, client, Options.Seed);
            _connections[number] = connection;
            Interlocked.Increment(ref _accepted);
            connection.Start();
            // A partition that began while this connection was being set up cuts it too.
            if (_partitioned || _stop.IsCancellationRequested) connection.Close(abort: true, countAsCut: _partitioned);
        }
    }
}
