using KvService.Contract;
using LabRpc;

namespace KvService.ChannelStyle;

/// <summary>
/// The clerk of <see cref="ChannelKv"/>: a client id from the simulation's random source, the next sequence number for
/// each request, and the same request sent again every 10 ms of virtual time until the server answers.
/// </summary>
public sealed class ChannelClerk : IKvClerk
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(10);

    private readonly IRuntime _runtime;
    private readonly ClientEnd _server;
    private readonly long _clientId;
    private long _seq;

    /// <summary>A clerk of the server behind <paramref name="server"/>, with a client id drawn from <paramref name="runtime"/>.</summary>
    public ChannelClerk(IRuntime runtime, ClientEnd server)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _server = server;
        _clientId = runtime.Random.NextInt64();
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
            var (ok, reply) = await _server.Call<TReply>($"{nameof(ChannelKvServer)}.{method}", args);
            if (ok) return reply!;
            await _runtime.Delay(RetryDelay);
        }
    }
}
