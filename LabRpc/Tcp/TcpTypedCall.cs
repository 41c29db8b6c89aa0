using System.Threading.Tasks.Sources;

namespace LabRpc;

/// <summary>A call awaited as a <see cref="ValueTask{TResult}"/>: one object per call. The caller's continuation runs on
/// its own synchronization context (a <see cref="RealNode"/>) if it has one, otherwise on the thread that read the reply.</summary>
internal sealed class TcpTypedCall<TReply>(string method, long deadline) : TcpClientCall(method, deadline), IValueTaskSource<CallResult<TReply>>
{
    private ManualResetValueTaskSourceCore<CallResult<TReply>> _core;
    private CallResult<TReply> _result;
    private Exception? _error;
    private RealNode? _node;
    private Action<object?>? _continuation;
    private object? _continuationState;

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

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        // A caller on a thread-pool node resumes on the thread that read the reply when the node is idle (no hand-over to
        // another thread); otherwise, and on a node with a thread of its own, its continuation is posted to its node.
        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0
            && SynchronizationContext.Current is RealNodeContext { Node: { Scheduling: RealNodeScheduling.ThreadPool } node })
        {
            _node = node;
            _continuation = continuation;
            _continuationState = state;
            _core.OnCompleted(static s => ((TcpTypedCall<TReply>)s!).ResumeOnNode(), this, token, flags & ~ValueTaskSourceOnCompletedFlags.UseSchedulingContext);
            return;
        }
        _core.OnCompleted(continuation, state, token, flags);
    }

    private void ResumeOnNode()
    {
        var node = _node!;
        var continuation = _continuation!;
        object? state = _continuationState;
        _continuation = null;
        _continuationState = null;
        if (node.TryEnter(out var entered))
        {
            try
            {
                continuation(state);
            }
            finally
            {
                node.Exit(entered);
            }
        }
        else
        {
            node.Post(static s => { var (c, st) = ((Action<object?>, object?))s!; c(st); }, (continuation, state));
        }
    }
}
