namespace LabRpc.Benchmarks.Real;

/// <summary>
/// A <see cref="TcpClientEnd"/> seen through a counter: every call that returns ok=false (no answer within the
/// timeout, or a lost connection) is counted, then handed on unchanged. The clerk retries such a call by itself, so
/// this is how the load generator learns that a call failed.
/// </summary>
internal sealed class CountingCaller : IRemoteCaller
{
    private readonly IRemoteCaller _inner;
    private long _failed;

    /// <summary>Counts the calls made through <paramref name="end"/>; <see cref="End"/> is what a clerk calls.</summary>
    public CountingCaller(TcpClientEnd end)
    {
        _inner = end;
        End = new ClientEnd(this, end.Name);
    }

    /// <summary>The end to give a clerk.</summary>
    public ClientEnd End { get; }

    /// <summary>Calls that returned ok=false so far.</summary>
    public long Failed => Interlocked.Read(ref _failed);

    /// <inheritdoc/>
    public ValueTask<CallResult<TReply>> Call<TReply>(string method, object args)
    {
        var pending = _inner.Call<TReply>(method, args);
        if (!pending.IsCompletedSuccessfully) return Counted(pending);
        var result = pending.Result; // the call's source is read once; the caller gets a plain value
        if (!result.Ok) Interlocked.Increment(ref _failed);
        return new ValueTask<CallResult<TReply>>(result);
    }

    private async ValueTask<CallResult<TReply>> Counted<TReply>(ValueTask<CallResult<TReply>> pending)
    {
        // ConfigureAwait(false): count on the thread that read the reply; the clerk's own await goes back to its node.
        var result = await pending.ConfigureAwait(false);
        if (!result.Ok) Interlocked.Increment(ref _failed);
        return result;
    }
}
