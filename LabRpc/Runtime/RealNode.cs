using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LabRpc;

/// <summary>
/// A node in the real world: the machine's clock, a random source seeded once, real threads — and, like a simulated
/// <see cref="Node"/>, its code runs one piece at a time. Handlers served on it, tasks started with <see cref="Go"/> or
/// <see cref="Spawn"/>, code run with <see cref="Invoke{T}"/> and the continuations of everything they await never run
/// concurrently, so server code written for the simulation needs no locks here either. An exception that escapes the
/// node's code is logged as an error; the node goes on.
/// </summary>
public sealed class RealNode : IRuntime, IThreadPoolWorkItem, IDisposable
{
    [ThreadStatic]
    private static RealNode? t_owner;

    private readonly ConcurrentQueue<WorkItem> _queue = new();
    private readonly List<IBatchFlush> _flushes = [];
    private readonly RealNodeContext _context;
    private readonly ILogger _log;
    private readonly Thread? _thread;
    private readonly SemaphoreSlim? _wake;
    private int _scheduled; // 1 while a drain runs or is scheduled, or a thread owns the node
    private volatile bool _disposed;

    /// <summary>
    /// A node named <paramref name="name"/>. <paramref name="seed"/> seeds <see cref="Random"/> (by default, once from
    /// the machine's entropy); <paramref name="persister"/> is what its server saves to (by default a new in-memory one).
    /// </summary>
    public RealNode(
        string name,
        ulong? seed = null,
        ILoggerFactory? loggerFactory = null,
        Persister? persister = null,
        TimeProvider? time = null,
        RealNodeScheduling scheduling = RealNodeScheduling.DedicatedThread)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
        Random = new DeterministicRandom(seed ?? BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(8)));
        LoggerFactory = loggerFactory ?? NullLoggerFactory.Instance;
        Persister = persister ?? new Persister();
        Time = time ?? TimeProvider.System;
        Scheduling = scheduling;
        _context = new RealNodeContext(this);
        _log = LoggerFactory.CreateLogger("LabRpc.RealNode");
        if (scheduling == RealNodeScheduling.DedicatedThread)
        {
            _wake = new SemaphoreSlim(0);
            _thread = new Thread(RunThread) { IsBackground = true, Name = $"node {name}" }; // outside the simulation: a real node's own thread, the one its code runs on
            _thread.Start();
        }
    }

    /// <inheritdoc/>
    public string Name { get; }

    /// <inheritdoc/>
    public TimeProvider Time { get; }

    /// <inheritdoc/>
    public DeterministicRandom Random { get; }

    /// <inheritdoc/>
    public ILoggerFactory LoggerFactory { get; }

    /// <summary>Bytes its server saves and reads back after a restart.</summary>
    public Persister Persister { get; }

    /// <summary>Where the node's code runs.</summary>
    public RealNodeScheduling Scheduling { get; }

    /// <summary>True on a thread that is running this node's code now.</summary>
    public bool IsCurrent => t_owner == this;

    /// <summary>The context the node's code runs under.</summary>
    internal SynchronizationContext Context => _context;

    /// <inheritdoc/>
    public Task Delay(TimeSpan delay) => Task.Delay(delay, Time);

    /// <summary>Starts <paramref name="body"/> on this node (the goroutine). An exception in it is logged as an error.</summary>
    public void Go(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        Post(static s => ((TaskStart)s!).Run(), new TaskStart(this, body, name, null));
    }

    /// <summary>Starts <paramref name="body"/> on this node and returns its task (which carries its exception, if any).</summary>
    public Task Spawn(Func<Task> body, string? name = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var done = new TaskCompletionSource();
        Post(static s => ((TaskStart)s!).Run(), new TaskStart(this, body, name, done));
        return done.Task;
    }

    /// <summary>
    /// Runs <paramref name="body"/> on the node and returns its result, waiting for the node if it is busy (at once when
    /// called from the node's own code). Tasks it starts and the continuations of what it awaits belong to the node:
    /// this is how a server is made on its node. Its exception, if it throws, comes out here.
    /// </summary>
    public T Invoke<T>(Func<T> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        if (IsCurrent) return body();
        if (TryEnter(out var entered))
        {
            try
            {
                return body();
            }
            finally
            {
                Exit(entered);
            }
        }
        var call = new InvokeCall<T>(body);
        Post(static s => ((InvokeCall<T>)s!).Run(), call);
        call.Done.Wait(); // outside the simulation: the caller is a thread of the real world, waiting for the node
        call.Error?.Throw();
        return call.Result!;
    }

    /// <summary>Queues <paramref name="callback"/> to run on the node.</summary>
    internal void Post(SendOrPostCallback callback, object? state)
    {
        if (_disposed)
        {
            _log.LogDebug("node {Node}: work posted after the node was disposed is dropped", Name);
            return;
        }
        _queue.Enqueue(new WorkItem(callback, state));
        if (Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) Schedule();
    }

    /// <summary>
    /// Takes the node for the calling thread if nothing runs on it and nothing waits (thread-pool scheduling only):
    /// the caller runs node code at once, then calls <see cref="Exit"/>. False: post the work instead.
    /// </summary>
    internal bool TryEnter(out Entered entered)
    {
        entered = default;
        if (_thread is not null || _disposed || Interlocked.CompareExchange(ref _scheduled, 1, 0) != 0) return false;
        entered = new Entered(SynchronizationContext.Current, t_owner);
        t_owner = this;
        SynchronizationContext.SetSynchronizationContext(_context);
        return true;
    }

    /// <summary>Gives the node back after <see cref="TryEnter"/>: flushes the batch's output, and hands work that
    /// arrived meanwhile to the thread pool.</summary>
    internal void Exit(in Entered entered)
    {
        FlushBatch();
        t_owner = entered.Owner;
        SynchronizationContext.SetSynchronizationContext(entered.Context);
        if (!_queue.IsEmpty) Schedule();
        else Release();
    }

    /// <summary>Asks for <paramref name="output"/> to be flushed once the node has no more work queued (call on the node).</summary>
    internal void FlushAtEndOfBatch(IBatchFlush output) => _flushes.Add(output);

    /// <inheritdoc/>
    void IThreadPoolWorkItem.Execute() => Drain();

    /// <summary>Stops the node: work posted from now on is dropped, and its thread (if it has one) ends.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _wake?.Release();
    }

    /// <inheritdoc/>
    public override string ToString() => Name;

    private void Schedule()
    {
        if (_wake is not null) _wake.Release();
        else ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false); // outside the simulation: a real node drains its queue on the pool
    }

    private void Release()
    {
        Volatile.Write(ref _scheduled, 0);
        // Work posted between the last look at the queue and the release would otherwise wait for the next post.
        if (!_queue.IsEmpty && Interlocked.CompareExchange(ref _scheduled, 1, 0) == 0) Schedule();
    }

    private void RunThread()
    {
        SynchronizationContext.SetSynchronizationContext(_context);
        while (true)
        {
            _wake!.Wait(); // outside the simulation: the node's own thread sleeps until work is posted
            if (_disposed) break;
            t_owner = this;
            Drain();
        }
        _wake!.Dispose();
    }

    private void Drain()
    {
        var outer = SynchronizationContext.Current;
        var outerOwner = t_owner;
        SynchronizationContext.SetSynchronizationContext(_context);
        t_owner = this;
        try
        {
            int budget = 1024; // on the thread pool, give the thread back now and then
            while (true)
            {
                while (budget-- > 0 && _queue.TryDequeue(out var item)) Run(item);
                FlushBatch();
                if (!_queue.IsEmpty)
                {
                    if (budget > 0 || _thread is not null)
                    {
                        budget = 1024;
                        continue;
                    }
                    ThreadPool.UnsafeQueueUserWorkItem(this, preferLocal: false); // outside the simulation: a real node drains its queue on the pool
                    return;
                }
                Release();
                return;
            }
        }
        finally
        {
            if (_thread is null) t_owner = outerOwner;
            SynchronizationContext.SetSynchronizationContext(outer);
        }
    }

    private void Run(in WorkItem item)
    {
        try
        {
            item.Callback(item.State);
        }
        catch (Exception error)
        {
            _log.LogError(error, "node {Node}: code on the node threw {Type}: {Message}", Name, error.GetType().Name, error.Message);
        }
    }

    private void FlushBatch()
    {
        for (int i = 0; i < _flushes.Count; i++)
        {
            try
            {
                _flushes[i].FlushBatch();
            }
            catch (Exception error)
            {
                _log.LogError(error, "node {Node}: flushing output threw {Type}: {Message}", Name, error.GetType().Name, error.Message);
            }
        }
        _flushes.Clear();
    }

    /// <summary>What the thread ran under before <see cref="TryEnter"/>, put back by <see cref="Exit"/>.</summary>
    internal readonly record struct Entered(SynchronizationContext? Context, RealNode? Owner);

    private readonly record struct WorkItem(SendOrPostCallback Callback, object? State);

    private sealed class TaskStart(RealNode node, Func<Task> body, string? name, TaskCompletionSource? done)
    {
        public async void Run()
        {
            try
            {
                await body();
                done?.TrySetResult();
            }
            catch (Exception error)
            {
                if (done is not null) done.TrySetException(error);
                else node._log.LogError(error, "node {Node}: task {Task} threw {Type}: {Message}", node.Name, name ?? "(unnamed)", error.GetType().Name, error.Message);
            }
        }
    }

    private sealed class InvokeCall<T>(Func<T> body)
    {
        public ManualResetEventSlim Done { get; } = new();

        public T? Result { get; private set; }

        public ExceptionDispatchInfo? Error { get; private set; }

        public void Run()
        {
            try
            {
                Result = body();
            }
            catch (Exception error)
            {
                Error = ExceptionDispatchInfo.Capture(error);
            }
            Done.Set();
        }
    }
}
