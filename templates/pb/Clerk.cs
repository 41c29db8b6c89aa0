using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using LabRpc;

namespace MyPb;

// The clerk: ask the view service for the primary, send the request there, and after a failed call or WrongServer
// wait a little, ask again and resend the same request (same client id, same sequence number) until a primary
// answers Ok. One request at a time.
public sealed class Clerk : IKvClerk
{
    readonly IRuntime runtime;
    readonly ClientEnd viewService;
    readonly IReadOnlyDictionary<string, ClientEnd> servers;
    readonly long clientId;
    long seq;

    public Clerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers)
    {
        this.runtime = runtime;
        this.viewService = viewService;
        this.servers = servers;
        clientId = runtime.Random.NextInt64(); // never Random.Shared: a run must be the same from its seed
    }

    public async Task<string> GetAsync(string key) =>
        (await CallAsync<PbGetReply>("Get", new GetArgs(key, clientId, ++seq), r => r.Error)).Value;

    public async Task PutAsync(string key, string value) =>
        await CallAsync<PbPutReply>("Put", new PutArgs(key, value, clientId, ++seq), r => r.Error);

    public async Task<string> AppendAsync(string key, string arg) =>
        (await CallAsync<PbAppendReply>("Append", new AppendArgs(key, arg, clientId, ++seq), r => r.Error)).OldValue;

    // Sends the request to the primary's `method` until a primary answers Ok.
    async Task<T> CallAsync<T>(string method, object args, Func<T, PbError> error)
    {
        while (true)
        {
            // TODO: ask the view service for the primary when you do not know it:
            //   var (ok, reply) = await viewService.Call<GetViewReply>(ViewService.Get, new GetViewArgs("clerk"));
            // call it:
            //   var (ok, reply) = await servers[primary].Call<T>(PbServer.ServiceName + "." + method, args);
            // and return the reply if it says Ok (error(reply) == PbError.Ok); otherwise forget the primary and wait.
            await runtime.Delay(TimeSpan.FromMilliseconds(10));
            throw new NotImplementedException($"Clerk.{method} ({servers.Count} servers, view service through {viewService.Name}, {args}, {error})");
        }
    }
}
