using KvService.Contract;

namespace LabRpc.Tests.Kv.Plain;

/// <summary>
/// The clerk of <see cref="PlainKv"/>: a random client id from the simulation, the next sequence number for each request,
/// and the same request sent again every 10 ms of virtual time until the server answers.
/// </summary>
public sealed class PlainClerk : IKvClerk
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly IRuntime _runtime;
    private readonly ClientEnd _server;
    private readonly long _clientId;
    private long _seq;

    /// <summary>A clerk with a client id drawn from <paramref name="runtime"/>'s random source.</summary>
    public PlainClerk(IRuntime runtime, ClientEnd server)
        : this(runtime, server, runtime.Random.NextInt64())
    {
    }

    /// <summary>A clerk with the given client id.</summary>
    public PlainClerk(IRuntime runtime, ClientEnd server, long clientId)
    {
        _runtime = runtime;
        _server = server;
        _clientId = clientId;
    }

    /// <inheritdoc/>
    public async Task<string> GetAsync(string key) => (await CallAsync<GetReply>("Get", new GetArgs(key, _clientId, ++_seq))).Value;

    /// <inheritdoc/>
    public Task PutAsync(string key, string value) => CallAsync<PutReply>("Put", new PutArgs(key, value, _clientId, ++_seq));

    /// <inheritdoc/>
    public async Task<string> AppendAsync(string key, string arg) =>
        (await CallAsync<AppendReply>("Append", new AppendArgs(key, arg, _clientId, ++_seq))).OldValue;

    private async Task<TReply> CallAsync<TReply>(string method, object args)
    {
        while (true)
        {
            var (ok, reply) = await _server.Call<TReply>($"{nameof(PlainKvServer)}.{method}", args);
            if (ok) return reply!;
            await _runtime.Delay(RetryDelay);
        }
    }
}
