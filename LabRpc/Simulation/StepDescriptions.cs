namespace LabRpc;

/// <summary>Names what a step runs, for error messages and <see cref="StepRecording"/>: a timer, a call, a task's start,
/// or the continuation of an async method.</summary>
internal static class StepDescriptions
{
    private static readonly object DelayTimerStep = new();
    private static readonly object TimeTimerStep = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Type?> MachineOfTarget = new();
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, System.Reflection.FieldInfo[]> DelegateFields = new();

    /// <summary>The words for what <paramref name="what"/> (a step's state or callback) runs, or "".</summary>
    public static string DescribeContinuation(object? what) => DescribeStep(StepKey(what, out long id), id);

    /// <summary>"a thread-pool thread" or "another thread": not its number, which differs from run to run.</summary>
    public static string DescribeForeignThread() =>
        Thread.CurrentThread.IsThreadPoolThread ? "a thread-pool thread" : "a thread other than the simulation's";

    /// <summary>What a step runs, as cheaply as it can be told (for <see cref="StepRecording"/>): a marker for the timers, a
    /// call's method (and its number in <paramref name="id"/>), a task's start, an async method's state machine type, or null.
    /// <see cref="DescribeStep"/> turns it into words later.</summary>
    public static object? StepKey(object? what, out long id)
    {
        id = 0;
        switch (what)
        {
            case TaskCompletionSource: return DelayTimerStep;
            case VirtualTimer: return TimeTimerStep;
            case PendingCall call:
                id = call.Id;
                return call.Method;
            case Task { AsyncState: GoTask go }: return go;
            default: return FindAsyncMethod(what, depth: 0);
        }
    }

    /// <summary>The words for a <see cref="StepKey"/>: " (a timer of runtime.Delay: ...)", or "" if nothing is known.</summary>
    public static string DescribeStep(object? key, long id) => key switch
    {
        // Code that resumes inline when a timer fires or a call's reply arrives runs in that step.
        _ when ReferenceEquals(key, DelayTimerStep) => " (a timer of runtime.Delay: code resuming after it)",
        _ when ReferenceEquals(key, TimeTimerStep) => " (a timer of runtime.Time: code resuming after Task.Delay, a timeout or a PeriodicTimer)",
        string method => $" (call {id} {method}: the server's handler, or the caller resuming with its outcome)",
        GoTask go => $" (the start of {(go.Name is null ? "a task" : $"task '{go.Name}'")}, {DescribeMethod(go.Body.Method.DeclaringType, go.Body.Method.Name)})",
        Type machine => $" (the continuation of async method {DescribeMethod(machine.DeclaringType, machine.Name)})",
        _ => "",
    };

    /// <summary>The state machine type of the async method behind a continuation: the delegate's target is the method's box,
    /// or (when the runtime's task events are on) a wrapper that holds the delegate in a field. Cached per type.</summary>
    private static Type? FindAsyncMethod(object? what, int depth)
    {
        object? target = what is Delegate d ? d.Target : what;
        if (target is null || depth > 2) return null;
        var type = target.GetType();
        var machine = MachineOfTarget.GetOrAdd(type, static t =>
        {
            foreach (var arg in t.IsGenericType ? t.GetGenericArguments() : [])
            {
                if (arg.Name.StartsWith('<')) return arg;
            }
            return null;
        });
        if (machine is not null || what is not Delegate) return machine;
        var fields = DelegateFields.GetOrAdd(type, static t => [.. t.GetFields(System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic)
            .Where(f => typeof(Delegate).IsAssignableFrom(f.FieldType))]);
        foreach (var field in fields)
        {
            if (FindAsyncMethod(field.GetValue(target), depth + 1) is { } found) return found;
        }
        return null;
    }

    /// <summary>"Type.Method" for a method or an async method's state machine; "a lambda in Type.Method" for a lambda.</summary>
    private static string DescribeMethod(Type? type, string name)
    {
        while (type is { DeclaringType: { } outer } && type.Name.StartsWith('<')) type = outer; // closures and lambdas' classes
        string inner = name.TrimStart('<'); // "<M>d__3" (async M), "<M>b__0_1" (a lambda in M), "<<M>b__0_1>d" (an async one)
        int close = inner.IndexOf('>');
        bool generated = inner.Length < name.Length && close > 0;
        string method = generated ? inner[..close] : name;
        bool lambda = generated && inner.AsSpan(close + 1).StartsWith("b__");
        return $"{(lambda ? "a lambda in " : "")}'{type?.Name}.{method}'";
    }
}
