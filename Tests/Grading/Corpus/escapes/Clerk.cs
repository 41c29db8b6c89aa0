using KvService.Contract;
using LabRpc;

namespace Students.Escapes;

// Each clerk picks a random client id (from the simulation, so runs replay) and numbers its requests.
// A request is sent again, unchanged, until the server answers.
sealed class Clerk(IRuntime runtime, ClientEnd server) : IKvClerk
{
    readonly long clientId = runtime.Random.NextInt64();
    long seq;

    public async Task<string> GetAsync(string key)
    {
        var reply = await Call<GetReply>("KvServer.Get", new GetArgs(key, clientId, ++seq));
        return reply.Value;
    }

    public async Task PutAsync(string key, string value)
    {
        await Call<PutReply>("KvServer.Put", new PutArgs(key, value, clientId, ++seq));
    }

    public async Task<string> AppendAsync(string key, string arg)
    {
        var reply = await Call<AppendReply>("KvServer.Append", new AppendArgs(key, arg, clientId, ++seq));
        return reply.OldValue;
    }

    async Task<T> Call<T>(string method, object args)
    {
        while (true)
        {
            var (ok, reply) = await server.Call<T>(method, args);
            if (ok && reply != null) return reply;
            await runtime.Delay(TimeSpan.FromMilliseconds(5)); // wait a bit before retrying
        }
    }
}
