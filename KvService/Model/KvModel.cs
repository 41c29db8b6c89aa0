using LabRpc.Linearizability;

namespace KvService.Model;

/// <summary>
/// The sequential specification of the KV service for the linearizability checker. Get returns
/// the key's value ("" if never written), put replaces it, append adds to its end and returns
/// the value before (when the history recorded it: an append whose output is
/// <see cref="KvOutput.None"/> is accepted whatever the old value was).
/// </summary>
public static class KvModel
{
    /// <summary>
    /// One key's value as a string register with read, put and append: a get reads it, a put replaces it, an append adds
    /// its token and returns the old value (when recorded). The workloads' put values and append tokens are unique, so the
    /// checker decides most keys from their values, without search (see <see cref="AppendRegister{TInput, TOutput}"/>).
    /// Declared before <see cref="Partitioned"/>, whose initializer uses it.
    /// </summary>
    public static AppendRegister<KvInput, KvOutput> Register { get; } = new()
    {
        Access = (input, output) => input.Op switch
        {
            KvOp.Get => RegisterAccess.Read(output?.Value),
            KvOp.Put => RegisterAccess.Put(input.Value),
            _ => RegisterAccess.Append(input.Value, output?.Value),
        },
    };

    /// <summary>
    /// The model the harness uses: partitioned by key, the state being one key's value (a
    /// <see cref="KvValue"/>: a string that shares its prefix with the value it was appended to).
    /// Each key is checked on its own, which is what makes large histories fast.
    /// </summary>
    public static Model<KvValue, KvInput, KvOutput> Partitioned { get; } = new()
    {
        InitialState = KvValue.Empty,
        Step = (value, input, output) => input.Op switch
        {
            KvOp.Get => (value.Equals(output.Value), value),
            KvOp.Put => (true, KvValue.Of(input.Value)),
            _ => output.Value is null || value.Equals(output.Value) ? (true, value.Append(input.Value)) : (false, value),
        },
        StepUnknown = (value, input) => (true, input.Op switch
        {
            KvOp.Get => value,
            KvOp.Put => KvValue.Of(input.Value),
            _ => value.Append(input.Value),
        }),
        IsReadOnly = operation => operation.Input.Op == KvOp.Get,
        Partition = Partitions.ByKey<KvInput, KvOutput, string>(input => input.Key),
        AppendRegister = Register,
        DescribePart = operations => "key " + Quote(operations[0].Input.Key),
        DescribeOperation = Describe,
        DescribeState = value => Quote(value.ToString()),
    };

    /// <summary>
    /// The same specification over the whole store (no partitioning): much slower on large
    /// histories; for comparison and for histories whose keys are not independent.
    /// </summary>
    public static Model<KvStore, KvInput, KvOutput> Unpartitioned { get; } = new()
    {
        InitialState = KvStore.Empty,
        Step = (store, input, output) =>
        {
            var value = store.Get(input.Key);
            return input.Op switch
            {
                KvOp.Get => (value.Equals(output.Value), store),
                KvOp.Put => (true, store.With(input.Key, KvValue.Of(input.Value))),
                _ => output.Value is null || value.Equals(output.Value) ? (true, store.With(input.Key, value.Append(input.Value))) : (false, store),
            };
        },
        StepUnknown = (store, input) => (true, input.Op switch
        {
            KvOp.Get => store,
            KvOp.Put => store.With(input.Key, KvValue.Of(input.Value)),
            _ => store.With(input.Key, store.Get(input.Key).Append(input.Value)),
        }),
        IsReadOnly = operation => operation.Input.Op == KvOp.Get,
        DescribeOperation = Describe,
        DescribeState = store => store.ToString(),
    };

    /// <summary>An operation as <c>get("k") → "v"</c>, <c>put("k", "v")</c>, <c>append("k", "v") → "old"</c>; <c>→ ?</c> if the outcome is unknown.</summary>
    public static string Describe(Operation<KvInput, KvOutput> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var input = operation.Input;
        var call = input.Op switch
        {
            KvOp.Get => $"get({Quote(input.Key)})",
            KvOp.Put => $"put({Quote(input.Key)}, {Quote(input.Value)})",
            _ => $"append({Quote(input.Key)}, {Quote(input.Value)})",
        };
        if (!operation.IsOutcomeKnown)
        {
            return call + " → ?";
        }
        return operation.Output?.Value is { } value && input.Op != KvOp.Put ? $"{call} → {Quote(value)}" : call;
    }

    /// <summary>A string in double quotes, with quotes and backslashes escaped.</summary>
    public static string Quote(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";
    }
}
