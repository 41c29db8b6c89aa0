using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;

namespace LabRpc.Linearizability;

/// <summary>
/// Decides whether a concurrent history is linearizable with respect to a sequential model: each
/// part whose written values are unique, for a model that describes itself as a string register
/// (<see cref="Model{TState, TInput, TOutput}.AppendRegister"/>), from the order the values force,
/// without search; every other part by Wing and Gong's search with Lowe's cache, as in Porcupine.
/// </summary>
/// <remarks>
/// The checker runs outside any simulation, after a run has recorded its history, so unlike
/// simulated code it may use threads: independent parts of a history are checked in parallel,
/// and a time limit or cancellation is honoured even while a slow model step runs (the check
/// answers <see cref="CheckOutcome.Unknown"/> at once and the abandoned search stops at its next
/// step). Nothing here is random: the same history and model give the same answer and the same
/// linearizations.
/// </remarks>
public static class LinearizabilityChecker
{
    private static readonly TimeSpan Grace = TimeSpan.FromMilliseconds(100);

    /// <summary>Checks a history given as operations.</summary>
    /// <exception cref="ArgumentException">
    /// The history has operations with unknown outcomes and the model has no
    /// <see cref="Model{TState, TInput, TOutput}.StepUnknown"/>, or the model's partition does not
    /// put each operation in exactly one part.
    /// </exception>
    public static CheckResult<TInput, TOutput> Check<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model,
        IReadOnlyList<Operation<TInput, TOutput>> history,
        CheckOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(history);
        options ??= CheckOptions.Default;
        var stopwatch = Stopwatch.StartNew(); // outside the simulation: the checker runs after a run, outside it; the time is reported, never decides
        for (var i = 0; i < history.Count && model.StepUnknown is null; i++)
        {
            if (!history[i].IsOutcomeKnown)
            {
                throw new ArgumentException(
                    "The history has operations whose outcome is unknown, so the model needs StepUnknown.", nameof(model));
            }
        }
        for (var i = 0; i < history.Count; i++)
        {
            if (history[i] is { Return: { } returned, Call: var called } && returned < called)
            {
                throw new ArgumentException($"Operation {i} returns (at {returned}) before it is called (at {called}).", nameof(history));
            }
        }

        var parts = Split(model, history);
        var searches = parts
            .Select(p => new PartCheck<TState, TInput, TOutput>(model, p.Operations, options.ComputeLinearizations))
            .ToArray();
        var (unknownReason, quiescent) = Run(searches, options, cancellationToken);

        var results = new PartitionResult<TInput, TOutput>[parts.Count];
        for (var i = 0; i < parts.Count; i++)
        {
            var search = searches[i];
            var finished = search.Finished;
            var outcome = finished ? search.Outcome ?? CheckOutcome.Unknown : CheckOutcome.Unknown;
            IReadOnlyList<IReadOnlyList<int>> linearizations = (finished || quiescent) && options.ComputeLinearizations
                ? search.Linearizations()
                : [];
            // No linearization at all: not even the first operation fits, so the candidates are those that could go first.
            var rejected = outcome == CheckOutcome.Illegal && options.ComputeLinearizations && (finished || quiescent)
                ? RejectedNext(model, parts[i].Operations, linearizations.Count > 0 ? linearizations[0] : [])
                : [];
            results[i] = new PartitionResult<TInput, TOutput>(parts[i].Operations, parts[i].Indexes, outcome, linearizations, rejected)
            {
                Method = finished ? search.Method : DecisionMethod.Search,
                Explanation = finished && outcome == CheckOutcome.Illegal ? search.Verdict?.Explanation : null,
                Involved = finished && outcome == CheckOutcome.Illegal ? search.Verdict?.Involved ?? [] : [],
                FallbackReason = search.FallbackReason,
                LinearizationsComplete = search.LinearizationsComplete,
            };
        }

        var verdict = results.Any(r => r.Outcome == CheckOutcome.Illegal) ? CheckOutcome.Illegal
            : results.Any(r => r.Outcome == CheckOutcome.Unknown) ? CheckOutcome.Unknown
            : CheckOutcome.Ok;
        if (verdict != CheckOutcome.Unknown)
        {
            unknownReason = null;
        }
        else
        {
            unknownReason ??= "the check stopped before deciding";
        }
        return new CheckResult<TInput, TOutput>(verdict, results, stopwatch.Elapsed, unknownReason);
    }

    /// <summary>Checks a history given as ordered call and return events (see <see cref="Operations.FromEvents"/>).</summary>
    public static CheckResult<TInput, TOutput> CheckEvents<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model,
        IEnumerable<HistoryEvent<TInput, TOutput>> events,
        CheckOptions? options = null,
        CancellationToken cancellationToken = default) =>
        Check(model, Operations.FromEvents(events), options, cancellationToken);

    private sealed record Part<TInput, TOutput>(IReadOnlyList<Operation<TInput, TOutput>> Operations, IReadOnlyList<int> Indexes);

    private static List<Part<TInput, TOutput>> Split<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> history)
    {
        if (model.Partition is null)
        {
            return [new Part<TInput, TOutput>([.. history], [.. Enumerable.Range(0, history.Count)])];
        }
        if (model.Partition.Target is IIndexPartition<TInput, TOutput> indexed)
        {
            var split = new List<Part<TInput, TOutput>>();
            foreach (var indexes in indexed.Indexes(history))
            {
                var operations = new Operation<TInput, TOutput>[indexes.Length];
                for (var j = 0; j < indexes.Length; j++)
                {
                    operations[j] = history[indexes[j]];
                }
                split.Add(new Part<TInput, TOutput>(operations, indexes));
            }
            return split;
        }
        var index = new Dictionary<Operation<TInput, TOutput>, int>(history.Count, ReferenceEqualityComparer.Instance);
        for (var i = 0; i < history.Count; i++)
        {
            if (!index.TryAdd(history[i], i))
            {
                throw new ArgumentException($"Operation {i} appears twice in the history (the same object).", nameof(history));
            }
        }
        var placed = new bool[history.Count];
        var parts = new List<Part<TInput, TOutput>>();
        foreach (var group in model.Partition(history))
        {
            var operations = group.ToArray();
            var indexes = new int[operations.Length];
            for (var j = 0; j < operations.Length; j++)
            {
                if (!index.TryGetValue(operations[j], out var i) || placed[i])
                {
                    throw new ArgumentException(
                        "The model's Partition must return the history's own operations, each in exactly one part.",
                        nameof(model));
                }
                placed[i] = true;
                indexes[j] = i;
            }
            Array.Sort(indexes, operations);
            parts.Add(new Part<TInput, TOutput>(operations, indexes));
        }
        if (Array.IndexOf(placed, false) is var missing and >= 0)
        {
            throw new ArgumentException(
                $"The model's Partition left operation {missing} out; each must be in exactly one part.", nameof(model));
        }
        return parts;
    }

    /// <summary>
    /// Runs the searches; returns why the outcome is unknown if it stopped early, and whether
    /// every worker has finished (so that unfinished searches may be read too).
    /// </summary>
    private static (string? Reason, bool Quiescent) Run<TState, TInput, TOutput>(
        PartCheck<TState, TInput, TOutput>[] searches, CheckOptions options, CancellationToken token)
    {
        if (options.Timeout is { } limit && limit <= TimeSpan.Zero)
        {
            return ("the time limit is zero", true);
        }
        if (token.IsCancellationRequested)
        {
            return ("the check was cancelled", true);
        }
        if (searches.Length == 0)
        {
            return (null, true);
        }

        var stop = new StopSignal();
        // Cancellation reaches the searches at their next step, on whichever thread cancels, without waiting for
        // the calling thread to wake up.
        using var cancelled = token.Register(static s => ((StopSignal)s!).Set(), stop);
        var workers = Math.Clamp(options.MaxDegreeOfParallelism ?? Environment.ProcessorCount, 1, searches.Length);
        var work = new Work<TState, TInput, TOutput>(searches, stop, workers);
        if (options.Timeout is null && !token.CanBeCanceled)
        {
            // Nothing to honour but the answer: the calling thread does its share. It gives every part its first slice
            // alone, so that a check of small parts starts no thread at all.
            if (workers == 1 || !work.FirstRound())
            {
                work.Drain();
                work.ThrowIfFailed();
                return (null, true);
            }
            var helpers = Enumerable.Range(0, workers - 1).Select(_ => Task.Run(work.Drain)).ToArray(); // outside the simulation: the checker runs outside the simulation; its workers share nothing with a run
            work.Drain();
            Task.WaitAll(helpers);
            work.ThrowIfFailed();
            return (null, true);
        }

        if (options.MaxDegreeOfParallelism == 1)
        {
            // One worker: the calling thread searches, and a timer stops it at the deadline. Cheap enough to run once per
            // scenario of a sweep; a model step that never returns is not cut short (more workers answer even then).
            var expired = new StrongBox<bool>();
            using var deadline = options.Timeout is { } t
                ? new Timer(static s => ((Action)s!)(), () => { expired.Value = true; stop.Set(); }, t, Timeout.InfiniteTimeSpan)
                : null;
            work.Drain();
            work.ThrowIfFailed();
            return (token.IsCancellationRequested ? "the check was cancelled"
                : expired.Value ? $"the time limit of {options.Timeout!.Value.TotalSeconds:0.###} s ran out" : null, true);
        }

        // The calling thread only waits, so that it can answer at the deadline even if a
        // model step never returns.
        var threads = Enumerable.Range(0, workers)
            .Select(_ => Task.Factory.StartNew(work.Drain, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)) // outside the simulation: the checker runs outside the simulation; its workers share nothing with a run
            .ToArray();
        string? reason = null;
        try
        {
            if (!work.Done.Wait(options.Timeout ?? Timeout.InfiniteTimeSpan, token))
            {
                reason = $"the time limit of {options.Timeout!.Value.TotalSeconds:0.###} s ran out";
            }
        }
        catch (OperationCanceledException)
        {
            reason = "the check was cancelled";
        }
        if (reason is not null)
        {
            stop.Set();
            Task.WaitAll(threads, Grace); // let the searches hand back what they found, unless a step hangs
        }
        work.ThrowIfFailed();
        return (reason, work.Done.IsSet);
    }

    /// <summary>
    /// The parts left to check, shared by the workers. Each part is searched a slice at a time,
    /// round robin, each slice a first slice longer than the one before (so a part of s steps
    /// takes about √(2s / first slice) turns), so that a part that is quickly found illegal is
    /// found early even behind hard ones, the others having spent little more than it did; the
    /// first illegal part stops the rest.
    /// </summary>
    private sealed class Work<TState, TInput, TOutput>
    {
        private const long FirstSlice = 1 << 10;
        private const long LongestSlice = 1 << 22;

        private readonly PartCheck<TState, TInput, TOutput>[] _searches;
        private readonly StopSignal _stop;
        private readonly Queue<int> _queue;
        private readonly long[] _slices;
        private int _running;
        private ExceptionDispatchInfo? _failure;

        public Work(PartCheck<TState, TInput, TOutput>[] searches, StopSignal stop, int workers)
        {
            _searches = searches;
            _stop = stop;
            _running = workers;
            _queue = new Queue<int>(Enumerable.Range(0, searches.Length));
            _slices = new long[searches.Length];
            Array.Fill(_slices, searches.Length == 1 ? long.MaxValue : FirstSlice);
        }

        public ManualResetEventSlim Done { get; } = new();

        /// <summary>One worker's loop: takes parts until none is left or the check stops. Call it exactly <c>workers</c> times.</summary>
        public void Drain()
        {
            try
            {
                while (!_stop.IsSet)
                {
                    int i;
                    lock (_queue)
                    {
                        if (!_queue.TryDequeue(out i))
                        {
                            break;
                        }
                    }
                    Slice(i);
                }
            }
            catch (Exception e) // a model's exception is handed to the caller's thread
            {
                Fail(e);
            }
            finally
            {
                if (Interlocked.Decrement(ref _running) == 0)
                {
                    Done.Set();
                }
            }
        }

        /// <summary>Before any worker: gives each part its first slice on the calling thread. True if parts are left to
        /// check (and the check goes on); then call <see cref="Drain"/> as usual.</summary>
        public bool FirstRound()
        {
            try
            {
                for (var n = _queue.Count; n > 0 && !_stop.IsSet; n--)
                {
                    Slice(_queue.Dequeue());
                }
            }
            catch (Exception e)
            {
                Fail(e);
            }
            return !_stop.IsSet && _queue.Count > 0;
        }

        private void Slice(int i)
        {
            var budget = _slices[i];
            _slices[i] = Math.Min(budget + FirstSlice, Math.Max(budget, LongestSlice));
            var outcome = _searches[i].Run(_stop, budget);
            if (outcome is null)
            {
                lock (_queue)
                {
                    _queue.Enqueue(i);
                }
            }
            else if (outcome == CheckOutcome.Illegal)
            {
                _stop.Set();
            }
        }

        private void Fail(Exception e)
        {
            Interlocked.CompareExchange(ref _failure, ExceptionDispatchInfo.Capture(e), null);
            _stop.Set();
        }

        public void ThrowIfFailed() => _failure?.Throw();
    }

    /// <summary>The operations that could follow the longest linearization in real-time order and that the model rejects there.</summary>
    private static int[] RejectedNext<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> operations, IReadOnlyList<int> prefix)
    {
        var state = model.InitialState;
        var done = new bool[operations.Count];
        foreach (var i in prefix)
        {
            state = Apply(model, state, operations[i]).Next;
            done[i] = true;
        }
        var firstReturn = long.MaxValue;
        for (var i = 0; i < operations.Count; i++)
        {
            if (!done[i] && operations[i].Return is { } r && r < firstReturn)
            {
                firstReturn = r;
            }
        }
        var rejected = new List<int>();
        for (var i = 0; i < operations.Count; i++)
        {
            if (!done[i] && operations[i].Call <= firstReturn && !Apply(model, state, operations[i]).Ok)
            {
                rejected.Add(i);
            }
        }
        return [.. rejected];
    }

    /// <summary>Applies one operation to a state with the model (used to replay a linearization).</summary>
    internal static (bool Ok, TState Next) Apply<TState, TInput, TOutput>(
        Model<TState, TInput, TOutput> model, TState state, Operation<TInput, TOutput> operation) =>
        operation.IsOutcomeKnown
            ? model.Step(state, operation.Input, operation.Output!)
            : model.StepUnknown!(state, operation.Input);
}
