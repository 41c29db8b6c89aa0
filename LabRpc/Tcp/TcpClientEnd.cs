using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabRpc;

/// <summary>
/// A client's end of a TCP connection to a <see cref="TcpServer"/>, with labrpc's semantics: <see cref="End"/> is an
/// ordinary <see cref="ClientEnd"/> whose <c>Call</c> returns ok=false when no answer comes within
/// <see cref="TcpClientOptions.Timeout"/> or the connection is lost (the caller retries), and never hangs. One
/// connection, opened at the first call, shared by concurrent calls, and opened again after a failure (at the next call).
/// </summary>
public sealed class TcpClientEnd : IRemoteCaller, IAsyncDisposable, IDisposable
{
    private readonly Lock _lock = new();
    private readonly string _host;
    private readonly int _port;
    private TcpClientConnection? _connection;
    private ITimer? _sweep;
    private Type? _checkedArgs;
    private long _nextCallId;
    private int _connections;
    private bool _disposed;

    private TcpClientEnd(string address, string host, int port, TcpClientOptions options)
    {
        Address = address;
        _host = host;
        _port = port;
        Options = options;
        Name = $"tcp:{address}";
        Log = (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger("LabRpc.Tcp.Client");
        End = new ClientEnd(this, Name);
    }

    /// <summary>
    /// An end for the server at <paramref name="address"/> (<c>host:port</c>, e.g. <c>localhost:1234</c>). It connects at
    /// the first call; a server that is not there yet makes that call fail (ok=false), not this method.
    /// </summary>
    public static TcpClientEnd Connect(string address, TcpClientOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        int colon = address.LastIndexOf(':');
        if (colon <= 0 || !int.TryParse(address.AsSpan(colon + 1), out int port) || port is < 1 or > 65535)
            throw new ArgumentException($"'{address}' is not a server address: write host:port, e.g. localhost:1234.", nameof(address));
        options ??= new TcpClientOptions();
        if (options.Timeout <= TimeSpan.Zero) throw new ArgumentException("TcpClientOptions.Timeout must be positive: a call must not wait forever.", nameof(options));
        string host = address[..colon].Trim('[', ']');
        return new TcpClientEnd(address, host, port, options);
    }

    /// <summary>The end to call through (give it to a clerk).</summary>
    public ClientEnd End { get; }

    /// <summary>The server's address, as given.</summary>
    public string Address { get; }

    /// <summary>The end's name in logs: <c>tcp:host:port</c>.</summary>
    public string Name { get; }

    /// <summary>The options it was made with.</summary>
    public TcpClientOptions Options { get; }

    /// <summary>Connections opened so far (one, unless some failed).</summary>
    public int Connections => Volatile.Read(ref _connections);

    internal ILogger Log { get; }

    /// <summary>As <see cref="ClientEnd.Call{TReply}"/> on <see cref="End"/>.</summary>
    public ValueTask<CallResult<TReply>> Call<TReply>(string method, object args) => ((IRemoteCaller)this).Call<TReply>(method, args);

    /// <inheritdoc/>
    ValueTask<CallResult<TReply>> IRemoteCaller.Call<TReply>(string method, object args)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(args);
        var argsType = args.GetType();
        if (argsType != _checkedArgs)
        {
            MessageTypeCheck.Ensure(argsType, $"Arguments of {method}");
            _checkedArgs = argsType;
        }
        ReplyTypeCheck<TReply>.Ensure(method);
        byte[] bytes = Options.Codec.Encode(args);
        int methodBytes = Encoding.UTF8.GetByteCount(method);
        if (methodBytes > ushort.MaxValue) throw new ArgumentException($"The method name is {methodBytes} bytes long; at most {ushort.MaxValue}.", nameof(method));
        long body = TcpFrames.RequestHeaderLength + methodBytes + bytes.Length;
        if (body > Options.MaxFrameSize)
            throw new ArgumentException($"The arguments of {method} are {bytes.Length} bytes: the request would be over the frame limit of " +
                $"{Options.MaxFrameSize} bytes (TcpClientOptions.MaxFrameSize, and the server's TcpServerOptions.MaxFrameSize).", nameof(args));
        var time = Options.Time;
        long deadline = time.GetTimestamp() + time.TimestampFrequency * Options.Timeout.Ticks / TimeSpan.TicksPerSecond;
        var call = new TcpTypedCall<TReply>(method, deadline);
        var pending = call.Task;
        var connection = Current();
        if (connection is null || !connection.Send(call, Interlocked.Increment(ref _nextCallId), method, methodBytes, bytes))
            call.Complete(); // disposed, or the connection failed just now: a lost call
        return pending;
    }

    /// <summary>Closes the connection; calls in flight fail (ok=false), and so do calls made from now on.</summary>
    public void Dispose()
    {
        TcpClientConnection? connection;
        lock (_lock)
        {
            if (_disposed) return;
            _disposed = true;
            connection = _connection;
            _connection = null;
        }
        _sweep?.Dispose();
        connection?.Close("the end was disposed");
    }

    /// <inheritdoc/>
    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private TcpClientConnection? Current()
    {
        var connection = Volatile.Read(ref _connection);
        if (connection is not null && !connection.IsClosed) return connection;
        lock (_lock)
        {
            if (_disposed) return null;
            if (_connection is null || _connection.IsClosed)
            {
                _connection = new TcpClientConnection(this, _host, _port);
                _connections++;
                if (_sweep is null)
                {
                    var period = TimeSpan.FromTicks(Math.Clamp(Options.Timeout.Ticks / 8, TimeSpan.TicksPerMillisecond * 5, TimeSpan.TicksPerMillisecond * 250));
                    // outside the simulation: a real timer that fails calls past their timeout, so that none waits forever.
                    _sweep = Options.Time.CreateTimer(static s => ((TcpClientEnd)s!).Expire(), this, period, period);
                }
            }
            return _connection;
        }
    }

    private void Expire() => Volatile.Read(ref _connection)?.Expire(Options.Time.GetTimestamp());

    private static class ReplyTypeCheck<TReply>
    {
        private static bool _checked;

        public static void Ensure(string method)
        {
            if (_checked) return;
            MessageTypeCheck.Ensure(typeof(TReply), $"Reply of {method}");
            _checked = true;
        }
    }
}
