using System.Runtime.CompilerServices;
using System.Threading.Channels;

namespace LabRpc;

/// <summary>
/// Go's <c>select</c> for simulated code: waits until one of several channel operations can proceed, does that one
/// and runs its body. Cases are added in a chain, and the chain is awaited:
/// <code>
/// int chosen = await Select.On(runtime)
///     .Receive(requests, request => Handle(request))         // case 0: an item arrived
///     .Send(replies, reply, () => sent++)                    // case 1: there was room for the reply
///     .Receive(done.Reader, _ => { }, onClosed: () => stop = true)
///     .Timeout(TimeSpan.FromMilliseconds(100), () => retry = true);   // in virtual time
/// </code>
/// <list type="bullet">
/// <item>When several cases are ready, one is picked uniformly at random, as Go does, from the runtime's seeded random
/// source (in a simulation, its chooser: seeded, or an exploration's): a seed replays the same picks.</item>
/// <item>When none is ready, the select waits until one is, or until <see cref="Timeout(TimeSpan, Action?)"/>'s time
/// has passed in virtual time (exactly), or, with <see cref="Default(Action?)"/>, does not wait at all. A select that
/// can never proceed (no timeout, every channel completed) waits forever, as Go's does: the simulation then reports a
/// deadlock if nothing else can run.</item>
/// <item>A receive from a channel that is completed and empty is ready if it has an <c>onClosed</c> body (Go's
/// <c>v, ok := &lt;-ch</c> with <c>ok</c> false), and never ready without one (Go's idiom of a nil channel). A send to a
/// completed channel throws <see cref="ChannelClosedException"/> (Go panics). .NET has no unbuffered channels: a
/// bounded channel of capacity 1 is the closest.</item>
/// <item>The result is the number of the case that ran, counting from 0 in the order the cases were added (the
/// timeout and the default case included).</item>
/// </list>
/// In a simulation everything happens through continuations on its scheduler: no thread pool, no real timer. On a real
/// node (<see cref="RealNode"/>) the same code runs on the node's own context, with its clock. Waiting operations left
/// over when a case is chosen are cancelled, so that a select in a loop does not pile them up.
/// </summary>
public sealed class Select
{
    private readonly IRuntime _runtime;
    private readonly Simulation? _simulation;
    private readonly List<Case> _cases = [];
    private int _timeoutCase = -1;
    private int _defaultCase = -1;
    private TimeSpan _timeout;

    private Select(IRuntime runtime)
    {
        _runtime = runtime;
        _simulation = runtime as Simulation ?? (runtime as Node)?.Simulation;
    }

    /// <summary>A select with no case yet, drawing its picks and its timeout from <paramref name="runtime"/>: a simulation,
    /// one of its nodes, or a real node.</summary>
    public static Select On(IRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        return new Select(runtime);
    }

    /// <summary>A case that receives an item from <paramref name="reader"/> and runs <paramref name="onItem"/> with it;
    /// with <paramref name="onClosed"/>, also ready once the channel is completed and empty.</summary>
    public Select Receive<T>(ChannelReader<T> reader, Action<T> onItem, Action? onClosed = null)
    {
        ArgumentNullException.ThrowIfNull(onItem);
        return Receive(reader, item => { onItem(item); return null; }, onClosed is null ? null : () => { onClosed(); return null; });
    }

    /// <summary>As <see cref="Receive{T}(ChannelReader{T}, Action{T}, Action?)"/>, with bodies that await.</summary>
    public Select Receive<T>(ChannelReader<T> reader, Func<T, Task?> onItem, Func<Task?>? onClosed = null)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentNullException.ThrowIfNull(onItem);
        _cases.Add(new ReceiveCase<T>(reader, onItem, onClosed));
        return this;
    }

    /// <summary>A case that writes <paramref name="item"/> to <paramref name="writer"/> when it has room, then runs
    /// <paramref name="onSent"/>.</summary>
    public Select Send<T>(ChannelWriter<T> writer, T item, Action? onSent = null) =>
        Send(writer, item, onSent is null ? static () => null : () => { onSent(); return null; });

    /// <summary>As <see cref="Send{T}(ChannelWriter{T}, T, Action?)"/>, with a body that awaits.</summary>
    public Select Send<T>(ChannelWriter<T> writer, T item, Func<Task?> onSent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(onSent);
        _cases.Add(new SendCase<T>(writer, item, onSent));
        return this;
    }

    /// <summary>A case that runs <paramref name="onTimeout"/> if no other case could proceed for <paramref name="after"/> of
    /// virtual time (Go's <c>case &lt;-time.After(d)</c>); at once if <paramref name="after"/> is zero or less and nothing
    /// is ready.</summary>
    /// <exception cref="InvalidOperationException">The select has a timeout or a default case already.</exception>
    public Select Timeout(TimeSpan after, Action? onTimeout = null) =>
        Timeout(after, onTimeout is null ? static () => null : () => { onTimeout(); return null; });

    /// <summary>As <see cref="Timeout(TimeSpan, Action?)"/>, with a body that awaits.</summary>
    public Select Timeout(TimeSpan after, Func<Task?> onTimeout)
    {
        ArgumentNullException.ThrowIfNull(onTimeout);
        if (_timeoutCase >= 0 || _defaultCase >= 0)
            throw new InvalidOperationException("A select has at most one timeout or default case (a default case never waits, so a timeout would never fire).");
        _timeout = after;
        _timeoutCase = _cases.Count;
        _cases.Add(new BodyCase(onTimeout));
        return this;
    }

    /// <summary>Go's <c>default</c>: if no case is ready now, runs <paramref name="onDefault"/> instead of waiting.</summary>
    /// <exception cref="InvalidOperationException">The select has a timeout or a default case already.</exception>
    public Select Default(Action? onDefault = null) =>
        Default(onDefault is null ? static () => null : () => { onDefault(); return null; });

    /// <summary>As <see cref="Default(Action?)"/>, with a body that awaits.</summary>
    public Select Default(Func<Task?> onDefault)
    {
        ArgumentNullException.ThrowIfNull(onDefault);
        if (_timeoutCase >= 0 || _defaultCase >= 0)
            throw new InvalidOperationException("A select has at most one timeout or default case (a default case never waits, so a timeout would never fire).");
        _defaultCase = _cases.Count;
        _cases.Add(new BodyCase(onDefault));
        return this;
    }

    /// <summary>Lets <c>await Select.On(runtime)...</c> run the select (<see cref="RunAsync"/>).</summary>
    public TaskAwaiter<int> GetAwaiter() => RunAsync().GetAwaiter();

    /// <summary>Waits until a case can proceed, does it, runs its body, and returns the case's number.</summary>
    /// <exception cref="InvalidOperationException">The select has no case, or it runs outside the simulation.</exception>
    public async Task<int> RunAsync()
    {
        _simulation?.CheckThread("Select");
        if (_cases.Count == 0) throw new InvalidOperationException("A select needs at least one case.");
        using var stop = new CancellationTokenSource(); // cancels the waits left over when a case is chosen
        var ready = new List<int>();
        var waits = new List<Task>();
        Task? timer = null;
        try
        {
            while (true)
            {
                ready.Clear();
                waits.Clear();
                for (int i = 0; i < _cases.Count; i++)
                {
                    if (i == _timeoutCase || i == _defaultCase) continue;
                    if (_cases[i].Poll(stop.Token, out var wait)) ready.Add(i);
                    else if (wait is not null) waits.Add(wait);
                }
                while (ready.Count > 0)
                {
                    int pick = ready.Count == 1 ? 0 : PickUniformly(ready.Count);
                    int chosen = ready[pick];
                    if (_cases[chosen].TryCommit(out var body))
                    {
                        if (body is not null) await body;
                        return chosen;
                    }
                    ready.RemoveAt(pick); // taken by someone else meanwhile: the others may still be ready
                }
                if (_defaultCase >= 0) return await RunBody(_defaultCase);
                if (_timeoutCase >= 0)
                {
                    if (_timeout <= TimeSpan.Zero) return await RunBody(_timeoutCase);
                    timer ??= Task.Delay(_timeout, _runtime.Time, stop.Token);
                    waits.Add(timer);
                }
                if (waits.Count == 0) waits.Add(new TaskCompletionSource().Task); // can never proceed: waits forever, as Go's does
                var woke = await Task.WhenAny(waits);
                if (woke == timer) return await RunBody(_timeoutCase);
                // Something may be ready now: look at every case again, so that a pick is among all that are.
            }
        }
        finally
        {
            stop.Cancel();
        }
    }

    /// <summary>The one place a select chooses among ready cases: the simulation's chooser (seeded random, or an
    /// exploration's), or a real node's seeded random source.</summary>
    private int PickUniformly(int count) => _simulation is { } simulation ? simulation.Chooser.Pick(count) : _runtime.Random.Next(count);

    private async Task<int> RunBody(int index)
    {
        _cases[index].TryCommit(out var body);
        if (body is not null) await body;
        return index;
    }

    /// <summary>Waits for a channel's pending operation on the simulation: awaited (not <c>AsTask()</c>, whose completion
    /// a BCL channel queues to the thread pool), so that the continuation comes back to the caller's node.</summary>
    private static async Task WaitOnSimulation(ValueTask<bool> pending)
    {
        try
        {
            await pending;
        }
        catch (OperationCanceledException)
        {
            // the select chose another case
        }
    }

    private abstract class Case
    {
        /// <summary>True if the case can proceed now; else, in <paramref name="wait"/>, a task that completes when it may
        /// (null: never).</summary>
        public abstract bool Poll(CancellationToken stop, out Task? wait);

        /// <summary>Does the case's operation and gives its body's task (null if the body did not await); false if the
        /// operation cannot be done after all.</summary>
        public abstract bool TryCommit(out Task? body);
    }

    private sealed class ReceiveCase<T>(ChannelReader<T> reader, Func<T, Task?> onItem, Func<Task?>? onClosed) : Case
    {
        private bool _closed;

        public override bool Poll(CancellationToken stop, out Task? wait)
        {
            wait = null;
            var pending = reader.WaitToReadAsync(stop);
            if (!pending.IsCompleted)
            {
                wait = WaitOnSimulation(pending);
                return false;
            }
            _closed = !pending.GetAwaiter().GetResult(); // throws the channel's error, if it was completed with one
            return !_closed || onClosed is not null;
        }

        public override bool TryCommit(out Task? body)
        {
            body = null;
            if (reader.TryRead(out var item))
            {
                body = onItem(item);
                return true;
            }
            if (!_closed || onClosed is null) return false;
            body = onClosed();
            return true;
        }
    }

    private sealed class SendCase<T>(ChannelWriter<T> writer, T item, Func<Task?> onSent) : Case
    {
        public override bool Poll(CancellationToken stop, out Task? wait)
        {
            wait = null;
            var pending = writer.WaitToWriteAsync(stop);
            if (!pending.IsCompleted)
            {
                wait = WaitOnSimulation(pending);
                return false;
            }
            if (!pending.GetAwaiter().GetResult())
                throw new ChannelClosedException("A select sent to a channel that is completed (in Go, a send on a closed channel panics).");
            return true;
        }

        public override bool TryCommit(out Task? body)
        {
            body = null;
            if (!writer.TryWrite(item)) return false;
            body = onSent();
            return true;
        }
    }

    private sealed class BodyCase(Func<Task?> run) : Case
    {
        public override bool Poll(CancellationToken stop, out Task? wait) => throw new InvalidOperationException("not a channel case");

        public override bool TryCommit(out Task? body)
        {
            body = run();
            return true;
        }
    }
}
