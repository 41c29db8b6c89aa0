using LabRpc;
using KvService.Contract;
using KvService.Contract.PrimaryBackup;

namespace Students.PbCorrect;

/// <summary>The plain clerk: asks the view service for the primary, sends the request there, and after a failed call or
/// <see cref="PbError.WrongServer"/> waits 10 ms, forgets the primary and tries again with the same sequence number.</summary>
public class PlainClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) : IKvClerk
{
    private readonly long _id = runtime.Random.NextInt64();
    private long _seq;

    /// <summary>The primary the clerk believes in ("" when it must ask the view service).</summary>
    protected string Primary { get; set; } = "";

    /// <inheritdoc/>
    public async Task<string> GetAsync(string key) =>
        (await CallAsync<PbGetReply>("Get", new GetArgs(key, _id, ++_seq), r => r.Error)).Value;

    /// <inheritdoc/>
    public async Task PutAsync(string key, string value) =>
        await CallAsync<PbPutReply>("Put", new PutArgs(key, value, _id, ++_seq), r => r.Error);

    /// <inheritdoc/>
    public async Task<string> AppendAsync(string key, string arg) =>
        (await CallAsync<PbAppendReply>("Append", new AppendArgs(key, arg, _id, ++_seq), r => r.Error)).OldValue;

    /// <summary>After a failed try: forget the primary, so that the next try asks the view service.</summary>
    protected virtual void Failed() => Primary = "";

    private async Task<T> CallAsync<T>(string method, object args, Func<T, PbError> error)
    {
        while (true)
        {
            if (Primary.Length == 0)
            {
                var (got, view) = await viewService.Call<GetViewReply>(ViewService.Get, new GetViewArgs("clerk"));
                if (got) Primary = view!.View.Primary;
            }
            if (Primary.Length > 0)
            {
                var (ok, reply) = await servers[Primary].Call<T>(PlainServer.ServiceName + "." + method, args);
                if (ok && error(reply!) == PbError.Ok) return reply!;
            }
            Failed();
            await runtime.Delay(TimeSpan.FromMilliseconds(10));
        }
    }
}
