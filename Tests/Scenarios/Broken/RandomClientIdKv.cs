using KvService.Contract;

namespace LabRpc.Tests.Scenarios.Broken;

/// <summary>
/// Bug: the clerk draws its client id from <see cref="Random.Shared"/> instead of the simulation's random source. It is
/// otherwise correct (ids are unique all the same), but no two runs of a scenario are the same run.
/// </summary>
public sealed class RandomClientIdKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "client-id-from-random-shared";

    /// <inheritdoc/>
    public override string Description => "the clerk takes its client id from Random.Shared: runs are not reproducible";

    /// <inheritdoc/>
    public override IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new Clerk(runtime, servers[0]);

    /// <summary>Numbers each request and resends it until answered, as a clerk must.</summary>
    private sealed class Clerk(IRuntime runtime, ClientEnd server) : IKvClerk
    {
        private readonly long _clientId = Random.Shared.NextInt64(); // the bug: not the simulation's random source
        private long _seq;

        public async Task<string> GetAsync(string key) => (await CallAsync<GetReply>("KvServer.Get", new GetArgs(key, _clientId, ++_seq))).Value;

        public Task PutAsync(string key, string value) => CallAsync<PutReply>("KvServer.Put", new PutArgs(key, value, _clientId, ++_seq));

        public async Task<string> AppendAsync(string key, string arg) =>
            (await CallAsync<AppendReply>("KvServer.Append", new AppendArgs(key, arg, _clientId, ++_seq))).OldValue;

        private async Task<TReply> CallAsync<TReply>(string method, object args)
        {
            while (true)
            {
                var (ok, reply) = await server.Call<TReply>(method, args);
                if (ok) return reply!;
                await runtime.Delay(TimeSpan.FromMilliseconds(1));
            }
        }
    }
}
