namespace LabRpc.Linearizability;

/// <summary>Factories for <see cref="HistoryEvent{TInput, TOutput}"/>.</summary>
public static class HistoryEvents
{
    /// <summary>Client <paramref name="clientId"/> calls operation <paramref name="operationId"/> with <paramref name="input"/>.</summary>
    public static HistoryEvent<TInput, TOutput> Call<TInput, TOutput>(int clientId, int operationId, TInput input) =>
        new(EventKind.Call, clientId, operationId, input, default);

    /// <summary>Operation <paramref name="operationId"/> returns <paramref name="output"/> to client <paramref name="clientId"/>.</summary>
    public static HistoryEvent<TInput, TOutput> Return<TInput, TOutput>(int clientId, int operationId, TOutput output) =>
        new(EventKind.Return, clientId, operationId, default, output);
}
