using KvService.Contract;
using LabRpc;
using Microsoft.Extensions.Logging;

namespace KvService.Real;

/// <summary>
/// A KV implementation's server on a real machine: the implementation's <see cref="IKvImplementation.CreateServer"/> on a
/// <see cref="RealNode"/>, its persister in a folder (or in memory), served over TCP. No reply leaves before the writes
/// its handler made are on disk (the persister's group commit runs between the handler and the reply). What
/// <c>serve</c> runs, and what the tests start in-process. One server per data folder: the persister refuses a second one.
/// </summary>
public sealed class KvHost : IAsyncDisposable
{
    private readonly TcpServer _tcp;
    private bool _disposed;

    private KvHost(IKvImplementation implementation, RealNode node, Persister persister, TcpServer tcp)
    {
        Implementation = implementation;
        Node = node;
        Persister = persister;
        _tcp = tcp;
    }

    /// <summary>The implementation served.</summary>
    public IKvImplementation Implementation { get; }

    /// <summary>The node the server's code runs on.</summary>
    public RealNode Node { get; }

    /// <summary>The server's persister: files in the data folder, or memory.</summary>
    public Persister Persister { get; }

    /// <summary>The port served (the one chosen when the options said 0).</summary>
    public int Port => _tcp.Port;

    /// <summary>Connections open now.</summary>
    public int ConnectionCount => _tcp.ConnectionCount;

    /// <summary>
    /// Opens the data folder (recovering what it holds), makes the implementation's server and serves it.
    /// </summary>
    /// <exception cref="KvHostException">The folder is in use by another server or cannot be opened, the port cannot be
    /// bound, or the implementation's server cannot be made; the message says which and what to do.</exception>
    public static KvHost Start(IKvImplementation implementation, KvHostOptions options, ILoggerFactory? loggerFactory = null)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentNullException.ThrowIfNull(options);
        loggerFactory ??= Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance;
        Persister persister;
        if (options.DataFolder is { } folder)
        {
            try
            {
                Directory.CreateDirectory(folder);
                persister = Persister.Open(folder);
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException or PersisterCorruptException)
            {
                throw new KvHostException($"Cannot use the data folder {Path.GetFullPath(folder)}: {error.Message} (Or give another folder with --data.)", error);
            }
        }
        else
        {
            persister = new Persister();
        }

        // On the thread pool: a request read while the node is idle runs its handler on the reading thread, and its reply
        // leaves from there (no hand-over to a thread of the node's own: fewer thread switches per operation).
        var node = new RealNode("server", loggerFactory: loggerFactory, persister: persister, scheduling: RealNodeScheduling.ThreadPool);
        try
        {
            Server server;
            try
            {
                server = node.Invoke(() => implementation.CreateServer(node, persister))
                    ?? throw new KvHostException($"{implementation.Name}: CreateServer returned null.");
            }
            catch (Exception error) when (error is not KvHostException)
            {
                throw new KvHostException($"{implementation.Name}: CreateServer threw {error.GetType().Name}: {error.Message}", error);
            }
            var tcp = new TcpServer(server, node, new TcpServerOptions
            {
                Address = options.Address,
                Port = options.Port,
                MaxConnections = options.MaxConnections,
                MaxFrameSize = options.MaxFrameSize,
                IdleTimeout = options.IdleTimeout,
                BeforeReply = persister.FlushAsync,
            });
            try
            {
                tcp.Start();
            }
            catch (InvalidOperationException e) when (e.InnerException is System.Net.Sockets.SocketException error)
            {
                throw new KvHostException(error.SocketErrorCode == System.Net.Sockets.SocketError.AddressAlreadyInUse
                    ? $"Port {options.Port} on {options.Address} is in use: is a server already running there? Give another with --port (0 picks a free one)."
                    : $"Cannot listen on {options.Address}:{options.Port}: {error.Message}", error);
            }
            return new KvHost(implementation, node, persister, tcp);
        }
        catch
        {
            node.Dispose();
            persister.Dispose();
            throw;
        }
    }

    /// <summary>Stops serving, flushes and closes the data folder.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        await _tcp.DisposeAsync();
        await Persister.FlushAsync();
        Node.Dispose();
        Persister.Dispose();
    }
}
