using KvService.Contract;
using KvService.Model;
using LabRpc;

namespace KvService.Harness;

/// <summary>
/// A clerk of a <see cref="KvCluster"/>: the implementation's clerk behind an end of its own, counted in the
/// cluster's operations and recorded in its history (6.824's Get/Put/Append helpers of the test file).
/// </summary>
public sealed class ClusterClerk : IKvClerk
{
    private readonly KvCluster _cluster;

    internal ClusterClerk(KvCluster cluster, int id, ClientEnd end, IKvClerk inner)
    {
        _cluster = cluster;
        Id = id;
        End = end;
        Inner = inner;
    }

    /// <summary>The clerk's number in the cluster: its lane in the history.</summary>
    public int Id { get; }

    /// <summary>The clerk's end of the network.</summary>
    public ClientEnd End { get; }

    /// <summary>The implementation's clerk.</summary>
    public IKvClerk Inner { get; }

    /// <inheritdoc/>
    public async Task<string> GetAsync(string key)
    {
        int token = _cluster.OnCall(Id, KvInput.Get(key));
        string value = await Inner.GetAsync(key);
        _cluster.OnReturn(token, value);
        return value;
    }

    /// <inheritdoc/>
    public async Task PutAsync(string key, string value)
    {
        int token = _cluster.OnCall(Id, KvInput.Put(key, value));
        await Inner.PutAsync(key, value);
        _cluster.OnReturn(token, null);
    }

    /// <inheritdoc/>
    public async Task<string> AppendAsync(string key, string arg)
    {
        int token = _cluster.OnCall(Id, KvInput.Append(key, arg));
        string old = await Inner.AppendAsync(key, arg);
        _cluster.OnReturn(token, old);
        return old;
    }

    /// <inheritdoc/>
    public override string ToString() => $"clerk {Id} ({End.Name})";
}
