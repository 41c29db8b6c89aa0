namespace LabRpc.Linearizability;

/// <summary>Factories for <see cref="Operation{TInput, TOutput}"/> and conversion from the event form of a history.</summary>
public static class Operations
{
    /// <summary>An operation that completed: called at <paramref name="call"/>, answered <paramref name="output"/> at <paramref name="return"/>.</summary>
    public static Operation<TInput, TOutput> Completed<TInput, TOutput>(
        int clientId, TInput input, long call, TOutput output, long @return) =>
        new(clientId, input, call, output, @return);

    /// <summary>An operation whose outcome is unknown: it may have taken effect at any point after <paramref name="call"/>, or not at all.</summary>
    public static Operation<TInput, TOutput> Unknown<TInput, TOutput>(int clientId, TInput input, long call) =>
        new(clientId, input, call);

    /// <summary>
    /// Turns an ordered list of call and return events into operations whose times are the
    /// events' positions in the list. A call with no matching return is an operation whose
    /// outcome is unknown.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// A return with no earlier call of the same operation id, or a second call or return for one id.
    /// </exception>
    public static IReadOnlyList<Operation<TInput, TOutput>> FromEvents<TInput, TOutput>(
        IEnumerable<HistoryEvent<TInput, TOutput>> events)
    {
        ArgumentNullException.ThrowIfNull(events);
        var calls = new Dictionary<int, (int Index, HistoryEvent<TInput, TOutput> Event)>();
        var returns = new Dictionary<int, (int Index, HistoryEvent<TInput, TOutput> Event)>();
        var order = new List<int>();
        var index = 0;
        foreach (var e in events)
        {
            if (e.Kind == EventKind.Call)
            {
                if (!calls.TryAdd(e.OperationId, (index, e)))
                {
                    throw new ArgumentException($"Event {index}: operation {e.OperationId} is called twice.", nameof(events));
                }
                order.Add(e.OperationId);
            }
            else
            {
                if (!calls.ContainsKey(e.OperationId))
                {
                    throw new ArgumentException(
                        $"Event {index}: operation {e.OperationId} returns before it is called.", nameof(events));
                }
                if (!returns.TryAdd(e.OperationId, (index, e)))
                {
                    throw new ArgumentException($"Event {index}: operation {e.OperationId} returns twice.", nameof(events));
                }
            }
            index++;
        }

        var operations = new List<Operation<TInput, TOutput>>(order.Count);
        foreach (var id in order)
        {
            var (callIndex, call) = calls[id];
            var input = call.Input!;
            operations.Add(returns.TryGetValue(id, out var ret)
                ? new Operation<TInput, TOutput>(call.ClientId, input, callIndex, ret.Event.Output!, ret.Index)
                : new Operation<TInput, TOutput>(call.ClientId, input, callIndex));
        }
        return operations;
    }
}
