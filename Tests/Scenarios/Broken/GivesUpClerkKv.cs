using KvService.Contract;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// Bug: the clerk gives up after <see cref="Attempts"/> failed tries and returns as if answered (an empty value for a
/// Get or an Append, nothing for a Put), although the server never said so.
/// </summary>
public sealed class GivesUpClerkKv : SimpleKv
{
    /// <summary>How many times the clerk sends a request before it gives up.</summary>
    public const int Attempts = 3;

    /// <inheritdoc/>
    public override string Name => "clerk-gives-up";

    /// <inheritdoc/>
    public override string Description => $"the clerk gives up after {Attempts} failed tries and returns an empty answer";

    /// <inheritdoc/>
    public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new Clerk(runtime, servers[0]);

    /// <summary>Numbers each request and resends it, but only a few times.</summary>
    private sealed class Clerk(IRuntime runtime, ClientEnd server) : IKvClerk
    {
        private readonly long _clientId = runtime.Random.NextInt64();
        private long _seq;

        public async Task<string> GetAsync(string key) =>
            (await CallAsync<GetReply>("KvServer.Get", new GetArgs(key, _clientId, ++_seq)))?.Value ?? "";

        public Task PutAsync(string key, string value) => CallAsync<PutReply>("KvServer.Put", new PutArgs(key, value, _clientId, ++_seq));

        public async Task<string> AppendAsync(string key, string arg) =>
            (await CallAsync<AppendReply>("KvServer.Append", new AppendArgs(key, arg, _clientId, ++_seq)))?.OldValue ?? "";

        private async Task<TReply?> CallAsync<TReply>(string method, object args) where TReply : class
        {
            for (int attempt = 1; ; attempt++)
            {
                var (ok, reply) = await server.Call<TReply>(method, args);
                if (ok) return reply;
                if (attempt == Attempts) return null; // the bug: no answer is not an answer
                await runtime.Delay(TimeSpan.FromMilliseconds(1));
            }
        }
    }
}
