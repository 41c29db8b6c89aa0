using KvService.Contract;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>Bug: the clerk takes a new sequence number for each resend, so the server cannot tell a retry from a new request.</summary>
public sealed class NewSequenceOnRetryKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "new-sequence-number-on-retry";

    /// <inheritdoc/>
    public override string Description => "the clerk takes a new sequence number on each retry: a retry looks like a new request";

    /// <inheritdoc/>
    public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new Clerk(runtime, servers[0]);

    /// <summary>Resends until answered, as a clerk must, but numbers each resend anew.</summary>
    private sealed class Clerk(IRuntime runtime, ClientEnd server) : IKvClerk
    {
        private readonly long _clientId = runtime.Random.NextInt64();
        private long _seq;

        public async Task<string> GetAsync(string key) => (await CallAsync<GetReply>("KvServer.Get", seq => new GetArgs(key, _clientId, seq))).Value;

        public Task PutAsync(string key, string value) => CallAsync<PutReply>("KvServer.Put", seq => new PutArgs(key, value, _clientId, seq));

        public async Task<string> AppendAsync(string key, string arg) =>
            (await CallAsync<AppendReply>("KvServer.Append", seq => new AppendArgs(key, arg, _clientId, seq))).OldValue;

        private async Task<TReply> CallAsync<TReply>(string method, Func<long, object> args)
        {
            while (true)
            {
                var (ok, reply) = await server.Call<TReply>(method, args(++_seq)); // the bug: ++ on every attempt
                if (ok) return reply!;
                await runtime.Delay(TimeSpan.FromMilliseconds(1));
            }
        }
    }
}
