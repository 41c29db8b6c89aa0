using KvService.Contract;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Scenarios;

/// <summary>Correct but for one thing: its clerk takes its client id from <see cref="Random.Shared"/>, not from the
/// simulation's seeded source, so no two runs of a scenario send the same requests.</summary>
public sealed class RandomClientIdKv : SimpleKv
{
    /// <inheritdoc/>
    public override string Name => "random-client-id";

    /// <inheritdoc/>
    public override string Description => "the clerk takes its client id from Random.Shared";

    /// <inheritdoc/>
    public override IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) => new Clerk(simulation, servers[0]);

    private sealed class Clerk(Simulation simulation, ClientEnd server) : IKvClerk
    {
        private readonly long _clientId = Random.Shared.NextInt64();
        private long _seq;

        public async Task<string> GetAsync(string key)
        {
            var args = new GetArgs(key, _clientId, ++_seq);
            while (true)
            {
                var (ok, reply) = await server.Call<GetReply>("KvServer.Get", args);
                if (ok) return reply!.Value;
                await simulation.Delay(TimeSpan.FromMilliseconds(1));
            }
        }

        public async Task PutAsync(string key, string value)
        {
            var args = new PutArgs(key, value, _clientId, ++_seq);
            while (!(await server.Call<PutReply>("KvServer.Put", args)).Ok) await simulation.Delay(TimeSpan.FromMilliseconds(1));
        }

        public async Task<string> AppendAsync(string key, string arg)
        {
            var args = new AppendArgs(key, arg, _clientId, ++_seq);
            while (true)
            {
                var (ok, reply) = await server.Call<AppendReply>("KvServer.Append", args);
                if (ok) return reply!.OldValue;
                await simulation.Delay(TimeSpan.FromMilliseconds(1));
            }
        }
    }
}
