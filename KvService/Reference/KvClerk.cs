using KvService.Contract;
using LabRpc;

namespace KvService.Reference;

/// <summary>
/// The reference clerk. It draws its client id from the simulation's random source, gives each request
/// the next sequence number, and resends the same request until the server answers (after a failed call
/// it waits <see cref="RetryDelay"/> of virtual time, so that a network that fails calls instantly cannot
/// spin without time passing). One request at a time: a second call while one is outstanding throws.
/// </summary>
public sealed class KvClerk : IKvClerk
{
    private readonly IRuntime _runtime;
    private readonly ClientEnd _server;
    private long _seq;
    private bool _busy;

    /// <summary>A clerk for the server behind <paramref name="servers"/> (the first end; the KV service has one server).</summary>
    public KvClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0) throw new ArgumentException("A clerk needs the end of at least one server.", nameof(servers));
        _runtime = runtime;
        _server = servers[0];
        ClientId = runtime.Random.NextInt64();
    }

    /// <summary>How long the clerk waits after a failed call before it resends.</summary>
    public static TimeSpan RetryDelay { get; } = TimeSpan.FromMilliseconds(1);

    /// <summary>The id the server knows this clerk by.</summary>
    public long ClientId { get; }

    /// <summary>Sequence number of the latest request (0 before the first).</summary>
    public long Seq => _seq;

    /// <inheritdoc/>
    public async Task<string> GetAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var args = new GetArgs(key, ClientId, Enter(nameof(GetAsync)));
        try
        {
            while (true)
            {
                var (ok, reply) = await _server.Call<GetReply>("KvServer.Get", args);
                if (ok) return reply!.Value;
                await _runtime.Delay(RetryDelay);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <inheritdoc/>
    public async Task PutAsync(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var args = new PutArgs(key, value, ClientId, Enter(nameof(PutAsync)));
        try
        {
            while (!(await _server.Call<PutReply>("KvServer.Put", args)).Ok) await _runtime.Delay(RetryDelay);
        }
        finally
        {
            _busy = false;
        }
    }

    /// <inheritdoc/>
    public async Task<string> AppendAsync(string key, string arg)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(arg);
        var args = new AppendArgs(key, arg, ClientId, Enter(nameof(AppendAsync)));
        try
        {
            while (true)
            {
                var (ok, reply) = await _server.Call<AppendReply>("KvServer.Append", args);
                if (ok) return reply!.OldValue;
                await _runtime.Delay(RetryDelay);
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>Marks the clerk busy and returns the new request's sequence number.</summary>
    private long Enter(string method)
    {
        if (_busy)
        {
            throw new InvalidOperationException(
                $"KvClerk.{method} was called while request {_seq} of this clerk is still outstanding. A clerk sends one " +
                "request at a time (its sequence numbers depend on it): await each call before the next, and give each " +
                "concurrent client a clerk of its own.");
        }
        _busy = true;
        return ++_seq;
    }
}
