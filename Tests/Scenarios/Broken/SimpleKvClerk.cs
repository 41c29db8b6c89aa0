using KvService.Contract;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>The clerk of <see cref="SimpleKv"/>: a random client id, a new sequence number per request, and the same
/// request resent (after 1 ms) until the server answers.</summary>
public class SimpleKvClerk(Simulation simulation, ClientEnd server) : IKvClerk
{
    /// <summary>The simulation.</summary>
    protected Simulation Simulation { get; } = simulation;

    /// <summary>The id the server knows this clerk by.</summary>
    protected long ClientId { get; } = simulation.Random.NextInt64();

    /// <summary>The latest sequence number.</summary>
    protected long Seq { get; set; }

    /// <inheritdoc/>
    public async Task<string> GetAsync(string key) =>
        (await CallAsync<GetReply>("KvServer.Get", seq => new GetArgs(key, ClientId, seq))).Value;

    /// <inheritdoc/>
    public Task PutAsync(string key, string value) =>
        CallAsync<PutReply>("KvServer.Put", seq => new PutArgs(key, value, ClientId, seq));

    /// <inheritdoc/>
    public async Task<string> AppendAsync(string key, string arg) =>
        (await CallAsync<AppendReply>("KvServer.Append", seq => new AppendArgs(key, arg, ClientId, seq))).OldValue;

    /// <summary>The sequence number of a resend of request <paramref name="seq"/>: the same one.</summary>
    protected virtual long RetrySeq(long seq) => seq;

    private async Task<TReply> CallAsync<TReply>(string method, Func<long, object> args)
    {
        long seq = ++Seq;
        while (true)
        {
            var (ok, reply) = await server.Call<TReply>(method, args(seq));
            if (ok) return reply!;
            await Simulation.Delay(TimeSpan.FromMilliseconds(1));
            seq = RetrySeq(seq);
        }
    }
}
