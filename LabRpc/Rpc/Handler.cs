using System.Reflection;

namespace LabRpc;

/// <summary>
/// One RPC method bound to its receiver through a compiled delegate: decodes the arguments, calls the
/// method, encodes the reply. No reflection per call.
/// </summary>
internal abstract class Handler(string name, MethodInfo method)
{
    public string Name { get; } = name;

    public MethodInfo Method { get; } = method;

    public abstract Type ArgsType { get; }

    public abstract Type ReplyType { get; }

    /// <summary>Runs the method; completes with the encoded reply.</summary>
    public abstract ValueTask<byte[]> Invoke(ICodec codec, ReadOnlyMemory<byte> args);

    protected TArgs DecodeArgs<TArgs>(ICodec codec, ReadOnlyMemory<byte> args)
    {
        try
        {
            return Codecs.Decode<TArgs>(codec, args);
        }
        catch (Exception error)
        {
            throw new RpcException(
                $"The arguments of {Name} could not be decoded as {typeof(TArgs).Name} ({args.Length} bytes): {error.Message} " +
                "Does the caller send the argument type the handler takes?", error);
        }
    }

    public string Signature => $"{Name}({ArgsType.Name}) -> {Method.ReturnType.Name.Replace("`1", "")}" +
        (Method.ReturnType.IsGenericType ? $"<{ReplyType.Name}>" : "");

    /// <summary>A handler for <paramref name="method"/>, or null and the reason it cannot be one.</summary>
    public static Handler? TryCreate(string name, object receiver, MethodInfo method, out string? whyNot)
    {
        whyNot = null;
        var parameters = method.GetParameters();
        Type returns = method.ReturnType;
        if (parameters.Length != 1 || parameters[0].ParameterType.IsByRef || method.IsGenericMethodDefinition)
        {
            whyNot = "a handler takes exactly one argument";
            return null;
        }
        if (returns == typeof(void) || returns == typeof(Task) || returns == typeof(ValueTask))
        {
            whyNot = "a handler returns a reply: TReply, Task<TReply> or ValueTask<TReply>";
            return null;
        }
        Type args = parameters[0].ParameterType;
        Type kind;
        Type reply;
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            reply = returns.GetGenericArguments()[0];
            kind = typeof(ValueTaskHandler<,>);
        }
        else if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            reply = returns.GetGenericArguments()[0];
            kind = typeof(ValueTaskHandler<,>);
        }
        else
        {
            reply = returns;
            kind = typeof(SyncHandler<,>);
        }
        var delegateType = typeof(Func<,>).MakeGenericType(args, returns);
        var target = Delegate.CreateDelegate(delegateType, receiver, method);
        if (returns.IsGenericType && returns.GetGenericTypeDefinition() == typeof(Task<>))
        {
            var adapt = typeof(Handler).GetMethod(nameof(FromTask), BindingFlags.NonPublic | BindingFlags.Static)!;
            target = (Delegate)adapt.MakeGenericMethod(args, reply).Invoke(null, [target])!;
        }
        return (Handler)Activator.CreateInstance(kind.MakeGenericType(args, reply), name, method, target)!;
    }

    private sealed class SyncHandler<TArgs, TReply>(string name, MethodInfo method, Func<TArgs, TReply> target) : Handler(name, method)
    {
        public override Type ArgsType => typeof(TArgs);

        public override Type ReplyType => typeof(TReply);

        public override ValueTask<byte[]> Invoke(ICodec codec, ReadOnlyMemory<byte> args) =>
            new(Codecs.Encode(codec, target(DecodeArgs<TArgs>(codec, args))));
    }

    /// <summary>A <c>Task&lt;TReply&gt;</c> handler seen as a <c>ValueTask&lt;TReply&gt;</c> one.</summary>
    private static Func<TArgs, ValueTask<TReply>> FromTask<TArgs, TReply>(Func<TArgs, Task<TReply>> target) =>
        args => new ValueTask<TReply>(target(args));

    private sealed class ValueTaskHandler<TArgs, TReply>(string name, MethodInfo method, Func<TArgs, ValueTask<TReply>> target) : Handler(name, method)
    {
        public override Type ArgsType => typeof(TArgs);

        public override Type ReplyType => typeof(TReply);

        public override ValueTask<byte[]> Invoke(ICodec codec, ReadOnlyMemory<byte> args)
        {
            ValueTask<TReply> task = target(DecodeArgs<TArgs>(codec, args));
            return task.IsCompletedSuccessfully ? new(Codecs.Encode(codec, task.Result)) : Finish(codec, task);
        }

        private static async ValueTask<byte[]> Finish(ICodec codec, ValueTask<TReply> task) => Codecs.Encode(codec, await task);
    }
}
