namespace LabRpc.Linearizability;

/// <summary>The verdict of a linearizability check.</summary>
public enum CheckOutcome
{
    /// <summary>The history is linearizable.</summary>
    Ok,

    /// <summary>The history is not linearizable.</summary>
    Illegal,

    /// <summary>The check stopped (timeout, cancellation) before it could decide.</summary>
    Unknown,
}
