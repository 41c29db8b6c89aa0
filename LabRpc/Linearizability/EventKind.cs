namespace LabRpc.Linearizability;

/// <summary>Whether a <see cref="HistoryEvent{TInput, TOutput}"/> is a call or its return.</summary>
public enum EventKind
{
    /// <summary>A client called an operation.</summary>
    Call,

    /// <summary>The operation returned to its client.</summary>
    Return,
}
