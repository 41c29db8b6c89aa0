using KvService.Contract;
using LabRpc;

namespace mykv;

/// <summary>
/// The clerk: the client side. It numbers its requests and sends each one again, unchanged, until the server answers:
/// a call that fails may or may not have reached the server. Its randomness comes from the runtime, so a run replays.
/// </summary>
public sealed class Clerk(IRuntime runtime, ClientEnd server) : IKvClerk
{
    private readonly long _clientId = runtime.Random.NextInt64();
    private long _seq;

    public async Task<string> GetAsync(string key) => (await Call<GetReply>("KvServer.Get", new GetArgs(key, _clientId, ++_seq))).Value;

    public async Task PutAsync(string key, string value) => await Call<PutReply>("KvServer.Put", new PutArgs(key, value, _clientId, ++_seq));

    public async Task<string> AppendAsync(string key, string arg) =>
        (await Call<AppendReply>("KvServer.Append", new AppendArgs(key, arg, _clientId, ++_seq))).OldValue;

    private async Task<T> Call<T>(string method, object args)
    {
        while (true)
        {
            var (ok, reply) = await server.Call<T>(method, args);
            if (ok && reply is not null) return reply;
            await runtime.Delay(TimeSpan.FromMilliseconds(5)); // the network lost the request or the reply: send it again
        }
    }
}
