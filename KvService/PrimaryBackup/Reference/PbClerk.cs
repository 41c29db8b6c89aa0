using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.ViewService;
using LabRpc;

namespace KvService.PrimaryBackup.Reference;

/// <summary>
/// The reference primary/backup clerk. It asks the view service for the primary, sends the request there, and after a
/// failed call or a <see cref="PbError.WrongServer"/> waits <see cref="PbServer.RetryDelay"/>, asks the view service
/// again and resends the same request (same client id and sequence number) until a primary answers. One request at a time.
/// </summary>
public sealed class PbClerk : IKvClerk
{
    private readonly IRuntime _runtime;
    private readonly ViewClerk _viewService;
    private readonly IReadOnlyDictionary<string, ClientEnd> _servers;
    private string _primary = "";
    private long _seq;
    private bool _busy;

    /// <summary>A clerk on <paramref name="runtime"/> with an end to the view service and one to each server.</summary>
    public PbClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(servers);
        _runtime = runtime;
        _servers = servers;
        ClientId = runtime.Random.NextInt64();
        _viewService = new ViewClerk(viewService, "clerk " + ClientId.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The id the servers know this clerk by.</summary>
    public long ClientId { get; }

    /// <inheritdoc/>
    public async Task<string> GetAsync(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var args = new GetArgs(key, ClientId, Enter(nameof(GetAsync)));
        return (await CallPrimaryAsync<PbGetReply>(PbServer.ServiceName + ".Get", args, r => r.Error)).Value;
    }

    /// <inheritdoc/>
    public async Task PutAsync(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(value);
        var args = new PutArgs(key, value, ClientId, Enter(nameof(PutAsync)));
        await CallPrimaryAsync<PbPutReply>(PbServer.ServiceName + ".Put", args, r => r.Error);
    }

    /// <inheritdoc/>
    public async Task<string> AppendAsync(string key, string arg)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(arg);
        var args = new AppendArgs(key, arg, ClientId, Enter(nameof(AppendAsync)));
        return (await CallPrimaryAsync<PbAppendReply>(PbServer.ServiceName + ".Append", args, r => r.Error)).OldValue;
    }

    /// <summary>Sends <paramref name="args"/> to the primary's <paramref name="method"/> (service and method name) until a primary answers
    /// <see cref="PbError.Ok"/>, asking the view service again after each failure; ends the request.</summary>
    private async Task<TReply> CallPrimaryAsync<TReply>(string method, object args, Func<TReply, PbError> error)
    {
        try
        {
            while (true)
            {
                if (await PrimaryAsync() is { } end)
                {
                    var (ok, reply) = await end.Call<TReply>(method, args);
                    if (ok && error(reply!) == PbError.Ok) return reply!;
                }
                await FailedAsync();
            }
        }
        finally
        {
            _busy = false;
        }
    }

    /// <summary>The end of the primary the clerk believes in, asking the view service when it has none; null if there is none yet.</summary>
    private async Task<ClientEnd?> PrimaryAsync()
    {
        if (_primary.Length == 0 && await _viewService.GetAsync() is { } view) _primary = view.Primary;
        return _primary.Length > 0 && _servers.TryGetValue(_primary, out var end) ? end : null;
    }

    /// <summary>Forgets the primary and waits before the next try.</summary>
    private Task FailedAsync()
    {
        _primary = "";
        return _runtime.Delay(PbServer.RetryDelay);
    }

    private long Enter(string method)
    {
        if (_busy)
        {
            throw new InvalidOperationException(
                $"PbClerk.{method} was called while request {_seq} of this clerk is still outstanding: await each call before the next.");
        }
        _busy = true;
        return ++_seq;
    }
}
