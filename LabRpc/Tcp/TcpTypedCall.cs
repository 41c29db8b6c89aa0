using System.Threading.Tasks.Sources;

namespace LabRpc;

/// <summary>A call awaited as a <see cref="ValueTask{TResult}"/>: one object per call. The caller's continuation runs on
/// its own synchronization context (a <see cref="RealNode"/>) if it has one, otherwise on the thread that read the reply.</summary>
internal sealed class TcpTypedCall<TReply>(string method, long deadline) : TcpClientCall(method, deadline), IValueTaskSource<CallResult<TReply>>
{
    private ManualResetValueTaskSourceCore<CallResult<TReply>> _core;
    private CallResult<TReply> _result;
    private Exception? _error;

    public ValueTask<CallResult<TReply>> Task => new(this, _core.Version);

    public override void SetReply(ICodec codec, ReadOnlyMemory<byte> reply)
    {
        try
        {
            _result = new CallResult<TReply>(true, Codecs.Decode<TReply>(codec, reply));
        }
        catch (Exception error)
        {
            _error = new RpcException(
                $"The reply of {Method} could not be decoded as {typeof(TReply).Name} ({reply.Length} bytes): {error.Message} " +
                "Does the caller expect the reply type the handler returns?", error);
        }
    }

    public override void SetError(Exception error) => _error = error;

    public override void Complete()
    {
        if (_error is not null) _core.SetException(_error);
        else _core.SetResult(_result);
    }

    public CallResult<TReply> GetResult(short token) => _core.GetResult(token);

    public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
        _core.OnCompleted(continuation, state, token, flags);
}
