using KvService.Contract;
using KvService.Model;
using LabRpc;

namespace KvService.Harness;

/// <summary>
/// A clerk of a <see cref="KvCluster"/> (or of a primary/backup cluster): the implementation's clerk behind an end of its
/// own, counted in the cluster's operations and recorded in its history (6.824's Get/Put/Append helpers of the test file).
/// </summary>
public sealed class ClusterClerk : IKvClerk
{
    private readonly ClerkRecorder _cluster;

    internal ClusterClerk(ClerkRecorder cluster, int id, ClientEnd end, IKvClerk inner)
    {
        _cluster = cluster;
        Id = id;
        End = end;
        Inner = inner;
    }

    /// <summary>The clerk's number in the cluster: its lane in the history.</summary>
    public int Id { get; }

    /// <summary>The clerk's end of the network (of a primary/backup clerk, its end to the view service).</summary>
    public ClientEnd End { get; }

    /// <summary>The implementation's clerk.</summary>
    public IKvClerk Inner { get; }

    /// <summary>The history token of this clerk's latest operation (-1 before the first, or without a history).</summary>
    public int LastToken { get; private set; } = -1;

    /// <inheritdoc/>
    public Task<string> GetAsync(string key) => PerformAsync(KvInput.Get(key), () => Inner.GetAsync(key), hasValue: true);

    /// <inheritdoc/>
    public Task PutAsync(string key, string value) => PerformAsync(KvInput.Put(key, value), async () =>
    {
        await Inner.PutAsync(key, value);
        return "";
    }, hasValue: false);

    /// <inheritdoc/>
    public Task<string> AppendAsync(string key, string arg) => PerformAsync(KvInput.Append(key, arg), () => Inner.AppendAsync(key, arg), hasValue: true);

    /// <inheritdoc/>
    public override string ToString() => $"clerk {Id} ({End.Name})";

    private async Task<string> PerformAsync(KvInput input, Func<Task<string>> operation, bool hasValue)
    {
        int token = LastToken = _cluster.OnCall(Id, input);
        string value;
        try
        {
            value = await operation();
        }
        catch
        {
            _cluster.OnThrew(token);
            throw;
        }
        _cluster.OnReturn(token, hasValue ? value : null);
        return value;
    }
}
