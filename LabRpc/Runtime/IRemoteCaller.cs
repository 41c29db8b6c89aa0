namespace LabRpc;

/// <summary>What a <see cref="ClientEnd"/> of the real world calls through (a TCP connection) instead of a simulated network.</summary>
internal interface IRemoteCaller
{
    /// <summary>Sends a call and completes with its outcome, as <see cref="ClientEnd.Call{TReply}"/> describes.</summary>
    ValueTask<CallResult<TReply>> Call<TReply>(string method, object args);
}
