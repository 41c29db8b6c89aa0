using System.Threading.Tasks.Sources;

namespace LabRpc;

/// <summary>
/// A call awaited as a <see cref="ValueTask{TResult}"/>. Unlike a TaskCompletionSource it runs the
/// caller's continuation inline when the reply is delivered on the caller's own node (one loop step less).
/// </summary>
internal sealed class TypedCall<TReply>(Network network, ClientEnd end, string method, byte[] args, NodeContext caller, long id)
    : PendingCall(network, end, method, args, caller, id), IValueTaskSource<CallResult<TReply>>
{
    private Action<object?>? _continuation;
    private object? _continuationState;
    private object? _scheduler;
    private ExecutionContext? _executionContext;
    private CallResult<TReply> _result;
    private Exception? _error;
    private bool _completed;

    public override void Succeed(byte[] reply)
    {
        try
        {
            _result = new CallResult<TReply>(true, Codecs.Decode<TReply>(Network.Codec, reply));
        }
        catch (Exception error)
        {
            _error = new RpcException(
                $"The reply of {Method} could not be decoded as {typeof(TReply).Name} ({reply.Length} bytes): {error.Message} " +
                "Does the caller expect the reply type the handler returns?", error);
        }
        Complete();
    }

    public override void Fail() => Complete();

    public CallResult<TReply> GetResult(short token)
    {
        if (_error is not null) throw _error;
        return _result;
    }

    public ValueTaskSourceStatus GetStatus(short token) =>
        !_completed ? ValueTaskSourceStatus.Pending
        : _error is null ? ValueTaskSourceStatus.Succeeded : ValueTaskSourceStatus.Faulted;

    public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags)
    {
        if ((flags & ValueTaskSourceOnCompletedFlags.FlowExecutionContext) != 0)
            _executionContext = ExecutionContext.Capture();
        if ((flags & ValueTaskSourceOnCompletedFlags.UseSchedulingContext) != 0)
        {
            if (SynchronizationContext.Current is { } context && context.GetType() != typeof(SynchronizationContext))
                _scheduler = context;
            else if (TaskScheduler.Current != TaskScheduler.Default)
                _scheduler = TaskScheduler.Current;
        }
        _continuation = continuation;
        _continuationState = state;
        if (_completed) Invoke();
    }

    private void Complete()
    {
        _completed = true;
        if (_continuation is not null) Invoke();
    }

    private void Invoke()
    {
        var continuation = _continuation!;
        object? state = _continuationState;
        _continuation = null;
        switch (_scheduler)
        {
            case SynchronizationContext context when !ReferenceEquals(context, SynchronizationContext.Current):
                context.Post(static s => { var (c, st) = ((Action<object?>, object?))s!; c(st); }, (continuation, state));
                break;
            case TaskScheduler scheduler:
                Task.Factory.StartNew(continuation, state, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler); // outside the simulation: the caller's own node scheduler, never the default one: the continuation stays on the simulation
                break;
            default:
                if (_executionContext is null) continuation(state);
                else ExecutionContext.Run(_executionContext, static s => { var (c, st) = ((Action<object?>, object?))s!; c(st); }, (continuation, state));
                break;
        }
    }
}
