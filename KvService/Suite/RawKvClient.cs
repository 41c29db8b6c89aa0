using System.Reflection;
using KvService.Contract;
using KvService.Harness;
using LabRpc;

namespace KvService.Suite;

/// <summary>
/// A client of a cluster's server that sends the contract's messages itself, through an end of its own: a client id from
/// the simulation, the next sequence number for each new request, and any earlier request sent again exactly as it was
/// (a duplicate). The server's handlers are found by the argument type they take (<see cref="GetArgs"/>,
/// <see cref="PutArgs"/>, <see cref="AppendArgs"/>), whatever the service is called.
/// </summary>
public sealed class RawKvClient
{
    private readonly ClientEnd _end;
    private readonly string _get;
    private readonly string _put;
    private readonly string _append;
    private long _seq;

    /// <summary>A client named <paramref name="name"/> of <paramref name="cluster"/>'s server.</summary>
    public RawKvClient(KvCluster cluster, string name)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        _end = cluster.Network.MakeEnd(name, KvCluster.ServerName);
        ClientId = cluster.Simulation.Random.NextInt64();
        _get = Handler(cluster.Server, typeof(GetArgs));
        _put = Handler(cluster.Server, typeof(PutArgs));
        _append = Handler(cluster.Server, typeof(AppendArgs));
    }

    /// <summary>The end's name (as <see cref="CallEvent.End"/> gives it).</summary>
    public string Name => _end.Name;

    /// <summary>The client id in this client's requests.</summary>
    public long ClientId { get; }

    /// <summary>The arguments of a new Get.</summary>
    public GetArgs NewGet(string key) => new(key, ClientId, ++_seq);

    /// <summary>The arguments of a new Put.</summary>
    public PutArgs NewPut(string key, string value) => new(key, value, ClientId, ++_seq);

    /// <summary>The arguments of a new Append.</summary>
    public AppendArgs NewAppend(string key, string value) => new(key, value, ClientId, ++_seq);

    /// <summary>Sends a Get once; null if the call failed.</summary>
    public async Task<string?> SendAsync(GetArgs args) => (await _end.Call<GetReply>(_get, args)) is { Ok: true } r ? r.Reply!.Value : null;

    /// <summary>Sends a Put once; false if the call failed.</summary>
    public async Task<bool> SendAsync(PutArgs args) => (await _end.Call<PutReply>(_put, args)).Ok;

    /// <summary>Sends an Append once; the old value, or null if the call failed.</summary>
    public async Task<string?> SendAsync(AppendArgs args) => (await _end.Call<AppendReply>(_append, args)) is { Ok: true } r ? r.Reply!.OldValue : null;

    /// <summary>The name (<c>Service.Method</c>) of the server's handler that takes <paramref name="argsType"/>.</summary>
    private static string Handler(Server server, Type argsType)
    {
        var found = (from service in server.Services
                     from method in service.Methods
                     let info = service.Receiver.GetType().GetMethod(method, BindingFlags.Public | BindingFlags.Instance)
                     where info is not null && info.GetParameters() is [{ } p] && p.ParameterType == argsType
                     select $"{service.Name}.{method}").ToList();
        return found.Count == 1
            ? found[0]
            : throw new KvCheckFailedException(
                $"the server offers {(found.Count == 0 ? "no handler" : $"{found.Count} handlers ({string.Join(", ", found)})")} taking {argsType.Name}; " +
                $"the suite sends the contract's messages straight to it and needs exactly one for each of GetArgs, PutArgs and AppendArgs.");
    }
}
