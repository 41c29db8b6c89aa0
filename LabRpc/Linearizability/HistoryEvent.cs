namespace LabRpc.Linearizability;

/// <summary>
/// One event of a history in its event form: the call or the return of operation
/// <see cref="OperationId"/>. The order of events in a list is the order they happened in.
/// Create events with <see cref="HistoryEvents.Call"/> and <see cref="HistoryEvents.Return"/>;
/// turn a list of them into operations with <see cref="Operations.FromEvents"/>.
/// </summary>
/// <param name="Kind">Call or return.</param>
/// <param name="ClientId">The client that issued the operation.</param>
/// <param name="OperationId">Matches a return to its call; unique per operation within a history.</param>
/// <param name="Input">The operation's input (calls only).</param>
/// <param name="Output">The operation's output (returns only).</param>
public sealed record HistoryEvent<TInput, TOutput>(
    EventKind Kind, int ClientId, int OperationId, TInput? Input, TOutput? Output);
