namespace LabRpc;

/// <summary>The outcome of a call: <see cref="Ok"/> is labrpc's boolean; <see cref="Reply"/> is set only when it is true.</summary>
public readonly record struct CallResult<TReply>(bool Ok, TReply? Reply)
{
    /// <summary>A call that got no answer (dropped, timed out, or the server is gone).</summary>
    public static CallResult<TReply> Failed => default;
}
