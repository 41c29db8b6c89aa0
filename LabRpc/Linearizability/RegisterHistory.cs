namespace LabRpc.Linearizability;

/// <summary>
/// One part of a history of a string register with put and append, as plain arrays, and the decision from unique
/// values (see <see cref="AppendRegister{TInput, TOutput}"/> for the argument): it cuts every value observed into the
/// writes that made it and links each write to the one right after it, ties each write and the reads that saw its value
/// into groups that must take effect back to back, checks each group inside against real time, then orders the groups
/// by their zones (Gibbons and Korach) and checks that order. O(n log n) in the operations, plus the length of the
/// values observed; it allocates a few arrays per part and nothing per operation.
/// </summary>
internal sealed class RegisterHistory
{
    private const long Never = long.MaxValue;
    private const int Nothing = -1;

    private readonly int _n;
    private readonly int _initial; // the node that stands for the initial value in the write links: n
    private readonly string _initialValue;
    private readonly Func<int, string> _who;
    private readonly RegisterAccessKind[] _kind;
    private readonly string?[] _argument;
    private readonly string?[] _observed;
    private readonly bool[] _known;
    private readonly bool[] _included;
    private readonly long[] _call;
    private readonly long[] _return;

    // Write links and reads, filled by Link: per node (an operation, or the initial value).
    private int[] _next = [];
    private int[] _prev = [];
    private int[] _nextBy = [];
    private int[] _prevBy = [];
    private int[] _firstRead = [];
    private int[] _nextRead = []; // per read: the next read of the same value

    /// <param name="operations">How many operations the part has.</param>
    /// <param name="initialValue">The value before any write.</param>
    /// <param name="who">An operation's description for the explanations, e.g. <c>get("k") → "1" (client 2)</c>.</param>
    public RegisterHistory(int operations, string initialValue, Func<int, string> who)
    {
        _n = operations;
        _initial = operations;
        _initialValue = initialValue;
        _who = who;
        _kind = new RegisterAccessKind[operations];
        _argument = new string?[operations];
        _observed = new string?[operations];
        _known = new bool[operations];
        _included = new bool[operations];
        _call = new long[operations];
        _return = new long[operations];
    }

    /// <summary>Operation <paramref name="i"/>: what it does, and when it was called and returned (<c>null</c>: never).</summary>
    public void Set(int i, RegisterAccess access, long call, long? @return)
    {
        _kind[i] = access.Kind;
        _argument[i] = access.Argument;
        _observed[i] = @return is null ? null : access.Observed;
        _known[i] = @return is not null;
        _call[i] = call;
        _return[i] = @return ?? Never;
    }

    /// <summary>The verdict; <paramref name="order"/>: give a linearization if there is one.</summary>
    public UniqueValueVerdict Decide(bool order)
    {
        var values = Classify(out var outside);
        if (values is null)
        {
            return UniqueValueVerdict.Outside(outside!);
        }
        return Link(values) ?? Place(order);
    }

    /// <summary>Every written value, with its operation; null (and why) if a value is written twice, or is empty.</summary>
    private Dictionary<string, int>? Classify(out string? outside)
    {
        outside = null;
        var values = new Dictionary<string, int>(_n, StringComparer.Ordinal);
        for (var i = 0; i < _n; i++)
        {
            if (_kind[i] == RegisterAccessKind.Read)
            {
                if (!_known[i])
                {
                    continue; // a read with no answer constrains nothing
                }
                if (_observed[i] is null)
                {
                    outside = $"{Who(i)} has no value";
                    return null;
                }
                _included[i] = true;
                continue;
            }
            var value = _argument[i];
            if (string.IsNullOrEmpty(value))
            {
                outside = $"{Who(i)} writes an empty value";
                return null;
            }
            if (_kind[i] == RegisterAccessKind.Put && string.Equals(value, _initialValue, StringComparison.Ordinal))
            {
                outside = $"{Who(i)} puts the initial value";
                return null;
            }
            if (!values.TryAdd(value, i))
            {
                outside = $"{Quote(value)} is written twice, by {Who(values[value])} and {Who(i)}";
                return null;
            }
            _included[i] = _known[i]; // a write with no answer takes part only if some value shows it
            if (_kind[i] == RegisterAccessKind.Put)
            {
                _observed[i] = null;
            }
        }
        return values;
    }

    /// <summary>
    /// Cuts every value observed into the writes that made it and links each write to the one right after it; a
    /// violation if a value is made by no writes, shows a token twice, or two values disagree on a link.
    /// </summary>
    private UniqueValueVerdict? Link(Dictionary<string, int> values)
    {
        _next = Filled(_n + 1);
        _prev = Filled(_n + 1);
        _nextBy = new int[_n + 1];
        _prevBy = new int[_n + 1];
        _firstRead = Filled(_n + 1);
        _nextRead = new int[_n];
        var cutter = new ValueCutter(_initialValue, values, _kind);
        var chain = new List<int>();
        var seen = new int[_n];
        for (var o = 0; o < _n; o++)
        {
            var value = _observed[o];
            if (value is null)
            {
                continue;
            }
            chain.Clear();
            switch (cutter.Cut(value, chain, out var @base, out var reached))
            {
                case ValueCutter.Cuts.None:
                    return UniqueValueVerdict.Violation(Garbage(o, value, reached), o);
                case ValueCutter.Cuts.Several:
                    return UniqueValueVerdict.Outside($"the value {Who(o)} {Saw(o)} can be cut into this part's writes in more than one way");
            }
            var node = @base == ValueCutter.Initial ? _initial : @base;
            if (@base != ValueCutter.Initial)
            {
                _included[@base] = true;
            }
            foreach (var token in chain)
            {
                if (seen[token] == o + 1)
                {
                    return UniqueValueVerdict.Violation(
                        $"{Who(o)} {Saw(o)}, which holds {Quote(_argument[token]!)} twice: {Who(token)} took effect more than once.", o, token);
                }
                seen[token] = o + 1;
                _included[token] = true;
                if (Link(node, token, o) is { } conflict)
                {
                    return conflict;
                }
                node = token;
            }
            if (_kind[o] == RegisterAccessKind.Read)
            {
                _nextRead[o] = _firstRead[node];
                _firstRead[node] = o;
            }
            else if (seen[o] == o + 1)
            {
                return UniqueValueVerdict.Violation(
                    $"{Who(o)} {Saw(o)}, which already holds its own {Quote(_argument[o]!)}: the append took effect more than once.", o);
            }
            else if (Link(node, o, o) is { } conflict)
            {
                return conflict;
            }
        }
        return null;
    }

    /// <summary>Records that <paramref name="after"/> came right after <paramref name="before"/>, as operation <paramref name="by"/>'s value shows.</summary>
    private UniqueValueVerdict? Link(int before, int after, int by)
    {
        if (_next[before] == after)
        {
            return null;
        }
        if (_next[before] != Nothing)
        {
            var (other, otherBy) = (_next[before], _nextBy[before]);
            return UniqueValueVerdict.Violation(
                $"Two values disagree on what came right after {Node(before)}: {Claim(otherBy, before, other)}; but {Claim(by, before, after)}. " +
                "Only one write can come right after it.",
                Involve(otherBy, other, by, after, before));
        }
        if (_prev[after] != Nothing)
        {
            var (other, otherBy) = (_prev[after], _prevBy[after]);
            return UniqueValueVerdict.Violation(
                $"Two values disagree on what came right before {Who(after)}: {Claim(otherBy, other, after)}; but {Claim(by, before, after)}. " +
                "A write takes effect once, so only one write comes right before it.",
                Involve(otherBy, other, by, before, after));
        }
        _next[before] = after;
        _nextBy[before] = by;
        _prev[after] = before;
        _prevBy[after] = by;
        return null;
    }

    /// <summary>A group's zone: its earliest return and latest call, with the operations that have them.</summary>
    private struct Zone
    {
        public int Start; // the group's first node: a write, or the initial value
        public long MinReturn;
        public int FirstReturned;
        public long MaxCall;
        public int LastCalled;
    }

    /// <summary>Builds the groups, checks each inside and then their order; the linearization, or the violation.</summary>
    private UniqueValueVerdict Place(bool order)
    {
        var zones = new List<Zone>();
        Zone? initial = null;
        var steps = new StepScratch(_n);
        var placed = 0;
        if (_next[_initial] != Nothing || _firstRead[_initial] != Nothing)
        {
            var (zone, violation) = Group(_initial, steps, ref placed);
            if (violation is not null)
            {
                return violation;
            }
            initial = zone;
        }
        var writes = 0;
        for (var w = 0; w < _n; w++)
        {
            if (!_included[w] || _kind[w] == RegisterAccessKind.Read)
            {
                continue;
            }
            writes++;
            if (_prev[w] == Nothing)
            {
                var (zone, violation) = Group(w, steps, ref placed);
                if (violation is not null)
                {
                    return violation;
                }
                zones.Add(zone);
            }
        }
        if (placed < writes)
        {
            return Circle();
        }

        // Sort by the zone's lower end, groups whose latest call is at most their earliest return first on ties; then
        // each group must start after every earlier group's latest call.
        var keys = new (long Low, int Forward, int Index)[zones.Count];
        for (var g = 0; g < zones.Count; g++)
        {
            var z = zones[g];
            keys[g] = (Math.Min(z.MinReturn, z.MaxCall), z.MaxCall <= z.MinReturn ? 0 : 1, g);
        }
        Array.Sort(keys);
        var sorted = new List<Zone>(zones.Count + 1);
        if (initial is { } first)
        {
            sorted.Add(first);
        }
        foreach (var key in keys)
        {
            sorted.Add(zones[key.Index]);
        }
        var latest = Nothing;
        for (var g = 0; g < sorted.Count; g++)
        {
            if (latest != Nothing && sorted[g].MinReturn < sorted[latest].MaxCall)
            {
                return Unorderable(sorted[latest], sorted[g], latest == 0 && initial is not null);
            }
            if (latest == Nothing || sorted[g].MaxCall > sorted[latest].MaxCall)
            {
                latest = g;
            }
        }
        if (!order)
        {
            return UniqueValueVerdict.Linearizable([]);
        }
        var linearization = new List<int>(_n);
        foreach (var zone in sorted)
        {
            linearization.AddRange(Items(zone.Start));
        }
        return UniqueValueVerdict.Linearizable([.. linearization]);
    }

    /// <summary>Per step of one group (a write, or the reads of one value): its latest call and earliest return.</summary>
    private sealed class StepScratch(int operations)
    {
        public readonly long[] MaxCall = new long[(2 * operations) + 1];
        public readonly int[] LastCalled = new int[(2 * operations) + 1];
        public readonly long[] MinReturn = new long[(2 * operations) + 1];
        public readonly int[] FirstReturned = new int[(2 * operations) + 1];
        public readonly (long Return, int Op)[] Later = new (long, int)[(2 * operations) + 2]; // the earliest return from step s on
        public int Count;

        public void Add(long call, long @return, int op)
        {
            MaxCall[Count] = call;
            LastCalled[Count] = op;
            MinReturn[Count] = @return;
            FirstReturned[Count] = op;
            Count++;
        }

        public void Widen(long call, long @return, int op)
        {
            var s = Count - 1;
            if (call > MaxCall[s])
            {
                (MaxCall[s], LastCalled[s]) = (call, op);
            }
            if (@return < MinReturn[s])
            {
                (MinReturn[s], FirstReturned[s]) = (@return, op);
            }
        }
    }

    /// <summary>The group that starts at <paramref name="start"/>: its zone, or the violation inside it.</summary>
    private (Zone Zone, UniqueValueVerdict? Violation) Group(int start, StepScratch steps, ref int placed)
    {
        steps.Count = 0;
        if (start == _initial)
        {
            AddReads(_initial, steps);
        }
        for (var w = start == _initial ? _next[_initial] : start; w != Nothing; w = _next[w])
        {
            steps.Add(_call[w], _return[w], w);
            AddReads(w, steps);
            placed++;
        }
        // The steps come in a fixed order: none may return before an earlier step's operation is called.
        var count = steps.Count;
        var laterReturn = Never;
        var laterOp = Nothing;
        var suffix = steps.Later;
        suffix[count] = (Never, Nothing);
        for (var s = count - 1; s >= 0; s--)
        {
            if (steps.MinReturn[s] < laterReturn)
            {
                (laterReturn, laterOp) = (steps.MinReturn[s], steps.FirstReturned[s]);
            }
            suffix[s] = (laterReturn, laterOp);
        }
        var earlierCall = long.MinValue;
        var earlierOp = Nothing;
        for (var s = 0; s < count; s++)
        {
            if (steps.MaxCall[s] > earlierCall)
            {
                (earlierCall, earlierOp) = (steps.MaxCall[s], steps.LastCalled[s]);
            }
            if (s + 1 < count && suffix[s + 1].Return < earlierCall)
            {
                return (default, OutOfOrder(earlierOp, suffix[s + 1].Op));
            }
        }
        var zone = new Zone { Start = start, MinReturn = suffix[0].Return, FirstReturned = suffix[0].Op, MaxCall = earlierCall, LastCalled = earlierOp };
        return (zone, null);
    }

    private void AddReads(int node, StepScratch steps)
    {
        var read = _firstRead[node];
        if (read == Nothing)
        {
            return;
        }
        steps.Add(_call[read], _return[read], read);
        for (read = _nextRead[read]; read != Nothing; read = _nextRead[read])
        {
            steps.Widen(_call[read], _return[read], read);
        }
    }

    /// <summary>The operations of the group that starts at <paramref name="start"/>, in order (reads of one value by call).</summary>
    private List<int> Items(int start)
    {
        var items = new List<int>();
        if (start == _initial)
        {
            AddSortedReads(_initial, items);
        }
        for (var w = start == _initial ? _next[_initial] : start; w != Nothing; w = _next[w])
        {
            items.Add(w);
            AddSortedReads(w, items);
        }
        return items;
    }

    private void AddSortedReads(int node, List<int> items)
    {
        var from = items.Count;
        for (var read = _firstRead[node]; read != Nothing; read = _nextRead[read])
        {
            items.Add(read);
        }
        items.Sort(from, items.Count - from, Comparer<int>.Create((a, b) =>
            _call[a] != _call[b] ? _call[a].CompareTo(_call[b]) : _return[a] != _return[b] ? _return[a].CompareTo(_return[b]) : a.CompareTo(b)));
    }

    /// <summary>Writes that are linked in a circle: no group reaches them (the links already disagree, so this is a safeguard).</summary>
    private UniqueValueVerdict Circle()
    {
        var reached = new bool[_n + 1];
        for (var w = 0; w <= _n; w++)
        {
            if ((w == _initial || (_included[w] && _kind[w] != RegisterAccessKind.Read)) && (w == _initial || _prev[w] == Nothing))
            {
                for (var x = w; x != Nothing && !reached[x]; x = _next[x])
                {
                    reached[x] = true;
                }
            }
        }
        var circle = Enumerable.Range(0, _n).Where(w => _included[w] && _kind[w] != RegisterAccessKind.Read && !reached[w]).ToList();
        return UniqueValueVerdict.Violation(
            $"The values read put these writes in a circle, each right after another: {string.Join(", ", circle.Take(4).Select(Who))}" +
            $"{(circle.Count > 4 ? $" and {circle.Count - 4} more" : "")}.",
            [.. circle.Take(4)]);
    }

    /// <summary><paramref name="x"/> must come before <paramref name="y"/> (the values say so), but y returned before x was called.</summary>
    private UniqueValueVerdict OutOfOrder(int x, int y)
    {
        var xRead = _kind[x] == RegisterAccessKind.Read;
        var yRead = _kind[y] == RegisterAccessKind.Read;
        var why = (xRead, yRead) switch
        {
            (true, false) => $"A stale read: {Who(x)} read {Quote(_observed[x]!)}, a value from before {Who(y)}",
            (true, true) => $"Two reads out of order: {Who(x)} read {Quote(_observed[x]!)}, a value from before the {Quote(_observed[y]!)} that {Who(y)} read",
            (false, true) => $"A read of a value not written yet: {Who(y)} read {Quote(_observed[y]!)}, a value from after {Who(x)}",
            _ => $"Two writes out of order: the values read put {Who(y)} after {Who(x)}",
        };
        return UniqueValueVerdict.Violation($"{why}. But {Who(y)} returned before {Who(x)} was called.", x, y);
    }

    /// <summary>Neither group can come after the other; <paramref name="first"/> comes earlier in the zone order.</summary>
    private UniqueValueVerdict Unorderable(Zone first, Zone second, bool firstIsInitial)
    {
        var text = new List<string>
        {
            "Two groups of operations cannot be ordered. The values read make the operations of each group take effect back to back, " +
            "in this order, with nothing in between:",
            $"  group A: {Steps(first.Start)}",
            $"  group B: {Steps(second.Start)}",
            $"Group B cannot come after group A: {Who(second.FirstReturned)} returned before {Who(first.LastCalled)} was called.",
            firstIsInitial
                ? $"Group A cannot come after group B: it starts from the initial value {Quote(_initialValue)}, before any write."
                : $"Group A cannot come after group B: {Who(first.FirstReturned)} returned before {Who(second.LastCalled)} was called.",
        };
        int[] involved = firstIsInitial
            ? [second.FirstReturned, first.LastCalled]
            : [second.FirstReturned, first.LastCalled, first.FirstReturned, second.LastCalled];
        return UniqueValueVerdict.Violation(string.Join("\n", text), involved);
    }

    private string Steps(int start)
    {
        var items = Items(start).Select(i => Short(_who(i), 70)).ToList();
        if (items.Count > 6)
        {
            items = [.. items.Take(3), $"… {items.Count - 5} more …", .. items.TakeLast(2)];
        }
        return (start == _initial ? "(the initial value) → " : "") + string.Join(" → ", items);
    }

    private string Garbage(int o, string value, int reached)
    {
        var where = reached < 0 ? "it does not start with the initial value or with any value put in this part"
            : reached == 0 ? "it does not start with any value put or appended in this part"
            : $"after {Quote(value[..reached])} comes {Quote(Short(value[reached..], 30, keepEnd: false))}, which starts with no token appended in this part";
        return $"A value no writes make: {Who(o)} {Saw(o)}, but {where}.";
    }

    /// <summary>What operation <paramref name="by"/> saw that puts <paramref name="after"/> right after <paramref name="before"/>.</summary>
    private string Claim(int by, int before, int after) =>
        by == after
            ? $"{Who(by)} {Saw(by)}"
            : $"{Who(by)} {Saw(by)}, where {Quote(_argument[after]!)} follows {(before == _initial ? "the initial value" : Quote(_argument[before]!))}";

    private int[] Involve(params int[] nodes) => [.. nodes.Where(node => node != _initial)];

    private string Saw(int o) => _kind[o] == RegisterAccessKind.Read
        ? $"read {Quote(_observed[o]!)}"
        : $"found {Quote(_observed[o]!)} before it";

    private string Node(int node) => node == _initial ? $"the initial value {Quote(_initialValue)}" : Who(node);

    private string Who(int i) => _who(i);

    private static string Quote(string value) => "\"" + Short(value, 60) + "\"";

    private static int[] Filled(int length)
    {
        var array = new int[length];
        Array.Fill(array, Nothing);
        return array;
    }

    /// <summary>At most about <paramref name="max"/> characters: the start and the end, or only the start.</summary>
    public static string Short(string text, int max, bool keepEnd = true)
    {
        if (text.Length <= max)
        {
            return text;
        }
        return keepEnd ? string.Concat(text.AsSpan(0, max / 2), "…", text.AsSpan(text.Length - (max / 2) + 1)) : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
