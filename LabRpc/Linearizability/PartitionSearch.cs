namespace LabRpc.Linearizability;

/// <summary>
/// Wing and Gong's search for a linearization of one part of a history, with Lowe's cache of
/// (linearized set, state) pairs, in the shape Porcupine gave it: the history is a doubly linked
/// list of call and return entries; linearizing an operation lifts its call and return out of
/// the list, backtracking puts them back. The list, the stack and the cache are flat arrays, the
/// linearized set is a bit set with a Zobrist hash kept up to date, so the inner loop allocates
/// nothing. When the model says which operations are read-only (<see cref="Model{TState, TInput, TOutput}.IsReadOnly"/>),
/// each configuration first takes a read-only operation that fits, if there is one, and never tries another operation
/// there instead (a partial-order reduction: an operation that changes nothing can move to the front of any
/// linearization that has it later, so if none follows from taking it, none follows from here); read-only operations
/// with unknown outcomes are left out.
/// </summary>
internal sealed class PartitionSearch<TState, TInput, TOutput>
{
    private const int End = -1;
    private const int Head = 0;
    private const int ReturnEntry = -1;
    private const int NoReturn = 0; // a call whose outcome is unknown has no return entry

    private static ulong[] _sharedZobrist = NewZobristKeys(1024);

    private readonly Model<TState, TInput, TOutput> _model;
    private readonly IReadOnlyList<Operation<TInput, TOutput>> _operations;
    private readonly bool _recordLongest;

    // The longest prefixes, kept only when asked for: per operation, the longest linearizable
    // prefix that contains it; per stack level, the deepest dead end since that level was pushed.
    private int[] _longestLength = [];
    private int[]?[] _longestPrefix = [];
    private int[] _levelDeadEnd = [];

    // The search's state, kept between slices so that a part can be searched a slice at a time.
    private bool _started;
    private bool _finished;
    private TInput[] _inputs = [];
    private TOutput[] _outputs = [];
    private int[] _next = [];
    private int[] _prev = [];
    private int[] _entryOperation = [];
    private int[] _match = [];
    private ulong[] _zobrist = [];
    private ulong[] _linearized = [];
    private ulong _setHash;
    private LinearizationCache<TState>? _cache;
    private bool[]? _readOnly;
    private int[] _stackEntry = [];
    private TState[] _stackState = [];
    private bool[] _stackForced = [];
    private bool _fresh;
    private bool _backtrack;
    private int _depth;
    private TState _state = default!;
    private int _remaining;
    private int _entry;

    public PartitionSearch(
        Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> operations, bool recordLongest)
    {
        _model = model;
        _operations = operations;
        _recordLongest = recordLongest;
    }

    /// <summary>The outcome once the search has decided or stopped; null while it can go on.</summary>
    public CheckOutcome? Outcome { get; private set; }

    /// <summary>Whether the search has ended (decided, or stopped), so its results may be read.</summary>
    public bool Finished => Volatile.Read(ref _finished);

    /// <summary>
    /// Searches for at most <paramref name="budget"/> steps, or until it decides or
    /// <paramref name="stop"/> is set. Returns the outcome, or null if the budget ran out first
    /// (call again to go on). Not to be called from two threads at once.
    /// </summary>
    public CheckOutcome? Run(StopSignal stop, long budget = long.MaxValue)
    {
        try
        {
            if (!_started)
            {
                Start();
            }
            Outcome = Search(stop, budget);
        }
        catch
        {
            Outcome = CheckOutcome.Unknown;
            throw;
        }
        finally
        {
            if (Outcome is not null)
            {
                Volatile.Write(ref _finished, true);
            }
        }
        return Outcome;
    }

    /// <summary>The distinct longest partial linearizations, longest first (only if recorded).</summary>
    public IReadOnlyList<IReadOnlyList<int>> Linearizations()
    {
        var seen = new HashSet<int[]>(ReferenceEqualityComparer.Instance);
        var result = new List<int[]>();
        foreach (var prefix in _longestPrefix)
        {
            if (prefix is not null && seen.Add(prefix))
            {
                result.Add(prefix);
            }
        }
        return [.. result.OrderByDescending(p => p.Length)];
    }

    private void Start()
    {
        _started = true;
        var n = _operations.Count;
        _inputs = new TInput[n];
        _outputs = new TOutput[n];
        _readOnly = _model.IsReadOnly is null ? null : new bool[n];
        for (var i = 0; i < n; i++)
        {
            _inputs[i] = _operations[i].Input;
            _outputs[i] = _operations[i].Output!;
            if (_operations[i].IsOutcomeKnown)
            {
                _remaining++;
            }
            if (_readOnly is not null)
            {
                _readOnly[i] = _model.IsReadOnly!(_operations[i]);
            }
        }
        BuildEntries();
        _zobrist = ZobristKeys(n);
        var words = Math.Max(1, (n + 63) / 64);
        _linearized = new ulong[words];
        _cache = new LinearizationCache<TState>(words, _model.StateComparer);
        _stackEntry = new int[n];
        _stackState = new TState[n];
        _stackForced = new bool[n];
        _fresh = true;
        if (_recordLongest)
        {
            _longestLength = new int[n];
            _longestPrefix = new int[]?[n];
            _levelDeadEnd = new int[n + 1];
        }
        _state = _model.InitialState;
        _entry = _next[Head];
    }

    private CheckOutcome? Search(StopSignal stop, long budget)
    {
        // Locals for the hot fields; written back when the slice ends.
        var next = _next;
        var prev = _prev;
        var entryOperation = _entryOperation;
        var match = _match;
        var inputs = _inputs;
        var outputs = _outputs;
        var zobrist = _zobrist;
        var linearized = _linearized;
        var cache = _cache!;
        var stackEntry = _stackEntry;
        var stackState = _stackState;
        var stackForced = _stackForced;
        var readOnly = _readOnly;
        var step = _model.Step;
        var stepUnknown = _model.StepUnknown;
        var setHash = _setHash;
        var depth = _depth;
        var state = _state;
        var remaining = _remaining;
        var entry = _entry;
        var fresh = _fresh;
        var backtrack = _backtrack;
        CheckOutcome? outcome = null;

        while (true)
        {
            if (remaining == 0)
            {
                outcome = CheckOutcome.Ok;
                break;
            }
            if (stop.IsSet)
            {
                outcome = CheckOutcome.Unknown;
                break;
            }
            if (--budget < 0)
            {
                break;
            }
            if (fresh)
            {
                // A configuration reached for the first time: a read-only operation that fits is taken, and nothing else.
                fresh = false;
                entry = next[Head];
                if (readOnly is not null)
                {
                    var stopped = false;
                    for (var e = entry; match[e] != ReturnEntry; e = next[e])
                    {
                        var op = entryOperation[e];
                        if (!readOnly[op])
                        {
                            continue;
                        }
                        if (stop.IsSet)
                        {
                            stopped = true;
                            break;
                        }
                        var (ok, nextState) = step(state, inputs[op], outputs[op]);
                        if (!ok)
                        {
                            continue;
                        }
                        var bit = 1UL << op;
                        linearized[op >> 6] |= bit;
                        var nextHash = setHash ^ zobrist[op];
                        if (cache.TryAdd(linearized, nextHash, nextState))
                        {
                            stackEntry[depth] = e;
                            stackState[depth] = state;
                            stackForced[depth] = true;
                            depth++;
                            if (_recordLongest)
                            {
                                _levelDeadEnd[depth] = 0;
                            }
                            state = nextState;
                            setHash = nextHash;
                            Lift(e, match[e], next, prev);
                            remaining--;
                            fresh = true;
                        }
                        else
                        {
                            // Reached before, and nothing followed from it: nothing follows from here either.
                            linearized[op >> 6] &= ~bit;
                            backtrack = true;
                        }
                        break;
                    }
                    if (stopped)
                    {
                        outcome = CheckOutcome.Unknown;
                        break;
                    }
                    if (fresh)
                    {
                        continue;
                    }
                }
            }
            var ret = backtrack ? ReturnEntry : match[entry];
            if (ret != ReturnEntry)
            {
                var op = entryOperation[entry];
                if (readOnly is null || !readOnly[op])
                {
                    var (ok, nextState) = ret != NoReturn
                        ? step(state, inputs[op], outputs[op])
                        : stepUnknown!(state, inputs[op]);
                    if (ok)
                    {
                        var bit = 1UL << op;
                        linearized[op >> 6] |= bit;
                        var nextHash = setHash ^ zobrist[op];
                        if (cache.TryAdd(linearized, nextHash, nextState))
                        {
                            stackEntry[depth] = entry;
                            stackState[depth] = state;
                            stackForced[depth] = false;
                            depth++;
                            if (_recordLongest)
                            {
                                _levelDeadEnd[depth] = 0;
                            }
                            state = nextState;
                            setHash = nextHash;
                            Lift(entry, ret, next, prev);
                            if (ret != NoReturn)
                            {
                                remaining--;
                            }
                            fresh = true;
                            continue;
                        }
                        linearized[op >> 6] &= ~bit;
                    }
                }
                entry = next[entry];
            }
            else
            {
                // Every operation that could come next has been tried: backtrack.
                backtrack = false;
                if (depth == 0)
                {
                    outcome = CheckOutcome.Illegal;
                    break;
                }
                if (_recordLongest)
                {
                    RecordDeadEnd(stackEntry, depth, entryOperation);
                }
                depth--;
                entry = stackEntry[depth];
                state = stackState[depth];
                stackState[depth] = default!;
                var op = entryOperation[entry];
                linearized[op >> 6] &= ~(1UL << op);
                setHash ^= zobrist[op];
                ret = match[entry];
                Unlift(entry, ret, next, prev);
                if (ret != NoReturn)
                {
                    remaining++;
                }
                // Below a read-only operation that was taken because it fit, nothing else is tried.
                backtrack = stackForced[depth];
                entry = next[entry];
            }
        }

        _setHash = setHash;
        _depth = depth;
        _state = state;
        _remaining = remaining;
        _entry = entry;
        _fresh = fresh;
        _backtrack = backtrack;
        if (outcome == CheckOutcome.Ok && _recordLongest)
        {
            var complete = new int[depth];
            for (var i = 0; i < depth; i++)
            {
                complete[i] = entryOperation[stackEntry[i]];
            }
            Array.Fill(_longestPrefix, complete);
        }
        if (outcome is not null)
        {
            cache.Release();
            _cache = null; // let the memory go as soon as the part is decided
        }
        return outcome;
    }

    /// <summary>
    /// At a dead end of depth d, every operation on the stack is in a linearizable prefix of
    /// length d. levelDeadEnd[k] is the deepest dead end seen since level k was pushed, so only
    /// the levels above the last dead end at least as deep need looking at.
    /// </summary>
    private void RecordDeadEnd(int[] stackEntry, int depth, int[] entryOperation)
    {
        int[]? prefix = null;
        for (var level = depth; level >= 1 && _levelDeadEnd[level] < depth; level--)
        {
            _levelDeadEnd[level] = depth;
            var op = entryOperation[stackEntry[level - 1]];
            if (_longestLength[op] < depth)
            {
                if (prefix is null)
                {
                    prefix = new int[depth];
                    for (var i = 0; i < depth; i++)
                    {
                        prefix[i] = entryOperation[stackEntry[i]];
                    }
                }
                _longestLength[op] = depth;
                _longestPrefix[op] = prefix;
            }
        }
    }

    private static void Lift(int call, int ret, int[] next, int[] prev)
    {
        next[prev[call]] = next[call];
        if (next[call] != End)
        {
            prev[next[call]] = prev[call];
        }
        if (ret != NoReturn)
        {
            next[prev[ret]] = next[ret];
            if (next[ret] != End)
            {
                prev[next[ret]] = prev[ret];
            }
        }
    }

    private static void Unlift(int call, int ret, int[] next, int[] prev)
    {
        if (ret != NoReturn)
        {
            next[prev[ret]] = ret;
            if (next[ret] != End)
            {
                prev[next[ret]] = ret;
            }
        }
        next[prev[call]] = call;
        if (next[call] != End)
        {
            prev[next[call]] = call;
        }
    }

    /// <summary>
    /// Entries 1..m in time order (calls before returns at the same instant), entry 0 the head.
    /// match[e] is the return entry of call e, <see cref="NoReturn"/> for a call whose outcome is
    /// unknown, <see cref="ReturnEntry"/> for a return.
    /// </summary>
    private void BuildEntries()
    {
        var events = new List<(long Time, int Kind, int Operation)>(_operations.Count * 2);
        var (earliest, latest) = (long.MaxValue, long.MinValue);
        for (var i = 0; i < _operations.Count; i++)
        {
            var op = _operations[i];
            if (!op.IsOutcomeKnown && _readOnly is not null && _readOnly[i])
            {
                continue; // changes nothing whether it took effect or not
            }
            events.Add((op.Call, 0, i));
            (earliest, latest) = (Math.Min(earliest, op.Call), Math.Max(latest, op.Call));
            if (op.Return is { } r)
            {
                events.Add((r, 1, i));
                latest = Math.Max(latest, r);
            }
        }
        SortEvents(events, earliest, latest, _operations.Count);
        var m = events.Count;
        _next = new int[m + 1];
        _prev = new int[m + 1];
        _entryOperation = new int[m + 1];
        _match = new int[m + 1];
        var returnOf = new int[_operations.Count];
        for (var e = 1; e <= m; e++)
        {
            var (_, kind, op) = events[e - 1];
            _entryOperation[e] = op;
            _next[e - 1] = e;
            _prev[e] = e - 1;
            if (kind == 1)
            {
                _match[e] = ReturnEntry;
                returnOf[op] = e;
            }
        }
        _next[m] = End;
        _entryOperation[Head] = -1;
        _match[Head] = ReturnEntry;
        for (var e = 1; e <= m; e++)
        {
            if (_match[e] != ReturnEntry)
            {
                _match[e] = returnOf[_entryOperation[e]]; // 0 (NoReturn) if it never returns
            }
        }
    }

    /// <summary>
    /// Sorts events by time, calls before returns at one instant, then by operation: as one number each when the times
    /// span little enough (they usually do), else as tuples.
    /// </summary>
    private static void SortEvents(List<(long Time, int Kind, int Operation)> events, long earliest, long latest, int operations)
    {
        if (events.Count == 0)
        {
            return;
        }
        var width = 2L * Math.Max(operations, 1);
        var span = (UInt128)(Int128)latest - (UInt128)(Int128)earliest;
        if (span >= (UInt128)(long.MaxValue / width))
        {
            events.Sort();
            return;
        }
        var keys = new long[events.Count];
        for (var e = 0; e < keys.Length; e++)
        {
            var (time, kind, op) = events[e];
            keys[e] = ((((time - earliest) * 2) + kind) * operations) + op;
        }
        Array.Sort(keys);
        for (var e = 0; e < keys.Length; e++)
        {
            var op = (int)(keys[e] % operations);
            var rest = keys[e] / operations;
            events[e] = (earliest + (rest / 2), (int)(rest % 2), op);
        }
    }

    /// <summary>A fixed pseudo-random 64-bit key per operation (SplitMix64), for the set hash: at least <paramref name="n"/>
    /// of them, from one array that every search shares (threads that grow it at once compute the same keys).</summary>
    private static ulong[] ZobristKeys(int n)
    {
        var keys = Volatile.Read(ref _sharedZobrist);
        if (keys.Length < n)
        {
            keys = NewZobristKeys(Math.Max(n, keys.Length * 2));
            Volatile.Write(ref _sharedZobrist, keys);
        }
        return keys;
    }

    private static ulong[] NewZobristKeys(int n)
    {
        var keys = new ulong[n];
        var x = 0x2545F4914F6CDD1DUL;
        for (var i = 0; i < n; i++)
        {
            x += 0x9E3779B97F4A7C15UL;
            var z = x;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            keys[i] = z ^ (z >> 31);
        }
        return keys;
    }
}
