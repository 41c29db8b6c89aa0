using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Harness;

/// <summary>
/// The operations a cluster's clerks performed, with their virtual call and return times (in ticks), for the
/// linearizability checker. An operation that has not returned is one whose outcome is unknown.
/// </summary>
public sealed class KvHistory
{
    private readonly List<Entry> _entries = [];

    /// <summary>Operations recorded, returned or not.</summary>
    public int Count => _entries.Count;

    /// <summary>Records the call of an operation; returns the token to pass to <see cref="Return"/>.</summary>
    public int Call(int client, KvInput input, long callTicks)
    {
        _entries.Add(new Entry(client, input, callTicks, null, -1));
        return _entries.Count - 1;
    }

    /// <summary>Records the answer to the operation <paramref name="token"/>.</summary>
    public void Return(int token, KvOutput output, long returnTicks) =>
        _entries[token] = _entries[token] with { Output = output, ReturnTicks = returnTicks };

    /// <summary>The history as the checker takes it.</summary>
    public IReadOnlyList<Operation<KvInput, KvOutput>> ToOperations() =>
        _entries.Select(e => e.Output is null
            ? Operations.Unknown<KvInput, KvOutput>(e.Client, e.Input, e.CallTicks)
            : Operations.Completed(e.Client, e.Input, e.CallTicks, e.Output, e.ReturnTicks)).ToList();

    private readonly record struct Entry(int Client, KvInput Input, long CallTicks, KvOutput? Output, long ReturnTicks);
}
