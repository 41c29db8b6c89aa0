namespace LabRpc.Linearizability;

/// <summary>
/// Decides one part of a history without search when the model describes itself as a string register with put and
/// append (<see cref="Model{TState, TInput, TOutput}.AppendRegister"/>) and the part's written values are unique: it
/// infers the order of the writes from the values observed, ties each write and the reads that saw its value into
/// groups that must take effect back to back, and checks that the groups and the operations inside them fit real
/// time. The argument, and how unknown outcomes are handled, are in <see cref="AppendRegister{TInput, TOutput}"/>'s
/// remarks. O(n log n) in the part's operations, plus the length of the values observed.
/// </summary>
internal sealed class UniqueValueDecision<TState, TInput, TOutput>
{
    private const long Never = long.MaxValue;
    private const int Nothing = -1;

    private readonly Model<TState, TInput, TOutput> _model;
    private readonly AppendRegister<TInput, TOutput> _register;
    private readonly IReadOnlyList<Operation<TInput, TOutput>> _ops;
    private readonly int _n;
    private readonly int _initial; // the node that stands for the initial value in the write links: n
    private readonly RegisterAccessKind[] _kind;
    private readonly string?[] _argument;
    private readonly string?[] _observed;
    private readonly bool[] _included;
    private readonly long[] _call;
    private readonly long[] _return;
    private readonly int[] _next;
    private readonly int[] _prev;
    private readonly int[] _nextBy;
    private readonly int[] _prevBy;
    private readonly int[] _readAfter; // per read: the node whose value it read

    private UniqueValueDecision(Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> ops)
    {
        _model = model;
        _register = model.AppendRegister!;
        _ops = ops;
        _n = ops.Count;
        _initial = _n;
        _kind = new RegisterAccessKind[_n];
        _argument = new string?[_n];
        _observed = new string?[_n];
        _included = new bool[_n];
        _call = new long[_n];
        _return = new long[_n];
        _next = new int[_n + 1];
        _prev = new int[_n + 1];
        _nextBy = new int[_n + 1];
        _prevBy = new int[_n + 1];
        _readAfter = new int[_n];
        Array.Fill(_next, Nothing);
        Array.Fill(_prev, Nothing);
        Array.Fill(_readAfter, Nothing);
    }

    /// <summary>Decides <paramref name="operations"/> (one part), or says why they are outside the class it decides.</summary>
    /// <param name="model">A model with an <see cref="Model{TState, TInput, TOutput}.AppendRegister"/>.</param>
    /// <param name="operations">The part's operations.</param>
    /// <param name="order">Whether to give a linearization when the part is linearizable.</param>
    public static UniqueValueVerdict Decide(
        Model<TState, TInput, TOutput> model, IReadOnlyList<Operation<TInput, TOutput>> operations, bool order) =>
        new UniqueValueDecision<TState, TInput, TOutput>(model, operations).Run(order);

    private UniqueValueVerdict Run(bool order)
    {
        var cutter = Classify(out var outside);
        if (cutter is null)
        {
            return UniqueValueVerdict.Outside(outside!);
        }
        return Link(cutter) ?? Place(order);
    }

    /// <summary>What each operation does; null (and why) if a value is written twice or is empty.</summary>
    private ValueCutter? Classify(out string? outside)
    {
        outside = null;
        var puts = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < _n; i++)
        {
            var op = _ops[i];
            var known = op.IsOutcomeKnown;
            var access = _register.Access(op.Input, known ? op.Output : default);
            _kind[i] = access.Kind;
            _call[i] = op.Call;
            _return[i] = op.Return ?? Never;
            if (access.Kind == RegisterAccessKind.Read)
            {
                if (!known)
                {
                    continue; // a read with no answer constrains nothing
                }
                if (access.Observed is null)
                {
                    outside = $"{Who(i)} has no value";
                    return null;
                }
                _observed[i] = access.Observed;
                _included[i] = true;
                continue;
            }
            var value = access.Argument;
            if (string.IsNullOrEmpty(value))
            {
                outside = $"{Who(i)} writes an empty value";
                return null;
            }
            if (access.Kind == RegisterAccessKind.Put && string.Equals(value, _register.InitialValue, StringComparison.Ordinal))
            {
                outside = $"{Who(i)} puts the initial value";
                return null;
            }
            if (puts.TryGetValue(value, out var other) || tokens.TryGetValue(value, out other))
            {
                outside = $"{Quote(value)} is written twice, by {Who(other)} and {Who(i)}";
                return null;
            }
            (access.Kind == RegisterAccessKind.Put ? puts : tokens).Add(value, i);
            _argument[i] = value;
            _included[i] = known; // a write with no answer takes part only if some value shows it
            if (known && access.Kind == RegisterAccessKind.Append)
            {
                _observed[i] = access.Observed;
            }
        }
        return new ValueCutter(_register.InitialValue, puts, tokens);
    }

    /// <summary>
    /// Cuts every value observed into the writes that made it and links each write to the one right after it; a
    /// violation if a value is made by no writes, shows a token twice, or two values disagree on a link.
    /// </summary>
    private UniqueValueVerdict? Link(ValueCutter cutter)
    {
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
                _readAfter[o] = node;
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

    /// <summary>A group: a write (or the initial value) and the writes chained after it, each followed by the reads that saw it.</summary>
    private sealed class Group
    {
        public List<int> Items { get; } = [];
        public List<int> Starts { get; } = []; // where each step (a write, or the reads of one value) begins in Items
        public bool Initial { get; init; }
        public long MinReturn { get; set; } = Never;
        public int FirstReturned { get; set; } = Nothing;
        public long MaxCall { get; set; } = long.MinValue;
        public int LastCalled { get; set; } = Nothing;
    }

    /// <summary>Builds the groups, checks each inside and then their order; the linearization, or the violation.</summary>
    private UniqueValueVerdict Place(bool order)
    {
        // The reads of each node, by call.
        var reads = new List<int>?[_n + 1];
        for (var i = 0; i < _n; i++)
        {
            if (_readAfter[i] is var node and not Nothing)
            {
                (reads[node] ??= []).Add(i);
            }
        }
        foreach (var list in reads)
        {
            list?.Sort((a, b) => _call[a] != _call[b] ? _call[a].CompareTo(_call[b]) : _return[a] != _return[b] ? _return[a].CompareTo(_return[b]) : a.CompareTo(b));
        }

        var groups = new List<Group>();
        Group? initial = null;
        var placed = 0;
        if (_next[_initial] != Nothing || reads[_initial] is not null)
        {
            initial = Build(_initial, reads, ref placed);
        }
        for (var w = 0; w < _n; w++)
        {
            if (_included[w] && _kind[w] != RegisterAccessKind.Read && _prev[w] == Nothing)
            {
                groups.Add(Build(w, reads, ref placed));
            }
        }
        var writes = Enumerable.Range(0, _n).Count(w => _included[w] && _kind[w] != RegisterAccessKind.Read);
        if (placed < writes)
        {
            var circle = Enumerable.Range(0, _n).Where(w => _included[w] && _kind[w] != RegisterAccessKind.Read && !InGroup(w, initial, groups)).ToList();
            return UniqueValueVerdict.Violation(
                $"The values read put these writes in a circle, each right after another: {string.Join(", ", circle.Take(4).Select(Who))}" +
                $"{(circle.Count > 4 ? $" and {circle.Count - 4} more" : "")}.",
                [.. circle.Take(4)]);
        }

        foreach (var group in initial is null ? groups : groups.Prepend(initial))
        {
            if (Inside(group) is { } violation)
            {
                return violation;
            }
        }

        // Sort by the zone's lower end, groups with max call ≤ min return first on ties; then each group must start after
        // every earlier group's last call.
        var sorted = groups
            .Select((g, i) => (Group: g, Index: i))
            .OrderBy(x => Math.Min(x.Group.MinReturn, x.Group.MaxCall))
            .ThenBy(x => x.Group.MaxCall <= x.Group.MinReturn ? 0 : 1)
            .ThenBy(x => x.Index)
            .Select(x => x.Group)
            .ToList();
        if (initial is not null)
        {
            sorted.Insert(0, initial);
        }
        Group? latest = null;
        foreach (var group in sorted)
        {
            if (latest is not null && group.MinReturn < latest.MaxCall)
            {
                return Unorderable(latest, group);
            }
            if (latest is null || group.MaxCall > latest.MaxCall)
            {
                latest = group;
            }
        }
        return UniqueValueVerdict.Linearizable(order ? [.. sorted.SelectMany(g => g.Items)] : []);
    }

    private Group Build(int start, List<int>?[] reads, ref int placed)
    {
        var group = new Group { Initial = start == _initial };
        if (start == _initial)
        {
            AddStep(group, reads[_initial]);
            start = _next[_initial];
        }
        for (var w = start; w != Nothing; w = _next[w])
        {
            AddStep(group, [w]);
            AddStep(group, reads[w]);
            placed++;
        }
        return group;
    }

    private void AddStep(Group group, List<int>? ops)
    {
        if (ops is null || ops.Count == 0)
        {
            return;
        }
        group.Starts.Add(group.Items.Count);
        foreach (var i in ops)
        {
            group.Items.Add(i);
            if (_return[i] < group.MinReturn)
            {
                group.MinReturn = _return[i];
                group.FirstReturned = i;
            }
            if (_call[i] > group.MaxCall)
            {
                group.MaxCall = _call[i];
                group.LastCalled = i;
            }
        }
    }

    private bool InGroup(int w, Group? initial, List<Group> groups) =>
        (initial?.Items.Contains(w) ?? false) || groups.Any(g => g.Items.Contains(w));

    /// <summary>The steps of a group come in a fixed order: none may return before an earlier step's operation is called.</summary>
    private UniqueValueVerdict? Inside(Group group)
    {
        var steps = group.Starts.Count;
        var laterReturn = new long[steps + 1];
        var laterOp = new int[steps + 1];
        laterReturn[steps] = Never;
        for (var s = steps - 1; s >= 0; s--)
        {
            (laterReturn[s], laterOp[s]) = (laterReturn[s + 1], laterOp[s + 1]);
            var end = s + 1 < steps ? group.Starts[s + 1] : group.Items.Count;
            for (var k = group.Starts[s]; k < end; k++)
            {
                var i = group.Items[k];
                if (_return[i] < laterReturn[s])
                {
                    (laterReturn[s], laterOp[s]) = (_return[i], i);
                }
            }
        }
        var earlierCall = long.MinValue;
        var earlierOp = Nothing;
        for (var s = 0; s < steps - 1; s++)
        {
            var end = group.Starts[s + 1];
            for (var k = group.Starts[s]; k < end; k++)
            {
                var i = group.Items[k];
                if (_call[i] > earlierCall)
                {
                    (earlierCall, earlierOp) = (_call[i], i);
                }
            }
            if (laterReturn[s + 1] < earlierCall)
            {
                return OutOfOrder(earlierOp, laterOp[s + 1]);
            }
        }
        return null;
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
    private UniqueValueVerdict Unorderable(Group first, Group second)
    {
        var text = new List<string>
        {
            "Two groups of operations cannot be ordered. The values read make the operations of each group take effect back to back, " +
            "in this order, with nothing in between:",
            $"  group A: {Steps(first)}",
            $"  group B: {Steps(second)}",
            $"Group B cannot come after group A: {Who(second.FirstReturned)} returned before {Who(first.LastCalled)} was called.",
            first.Initial
                ? $"Group A cannot come after group B: it starts from the initial value {Quote(_register.InitialValue)}, before any write."
                : $"Group A cannot come after group B: {Who(first.FirstReturned)} returned before {Who(second.LastCalled)} was called.",
        };
        int[] involved = first.Initial
            ? [second.FirstReturned, first.LastCalled]
            : [second.FirstReturned, first.LastCalled, first.FirstReturned, second.LastCalled];
        return UniqueValueVerdict.Violation(string.Join("\n", text), involved);
    }

    private string Steps(Group group)
    {
        var items = group.Items.Select(i => Short(_model.Describe(_ops[i]), 60)).ToList();
        if (items.Count > 6)
        {
            items = [.. items.Take(3), $"… {items.Count - 5} more …", .. items.TakeLast(2)];
        }
        return (group.Initial ? "(the initial value) → " : "") + string.Join(" → ", items);
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

    private string Node(int node) => node == _initial ? $"the initial value {Quote(_register.InitialValue)}" : Who(node);

    private string Who(int i) => $"{Short(_model.Describe(_ops[i]), 100)} (client {_ops[i].ClientId})";

    private static string Quote(string value) => "\"" + Short(value, 60) + "\"";

    /// <summary>At most about <paramref name="max"/> characters: the start and the end, or only the start.</summary>
    private static string Short(string text, int max, bool keepEnd = true)
    {
        if (text.Length <= max)
        {
            return text;
        }
        return keepEnd ? string.Concat(text.AsSpan(0, max / 2), "…", text.AsSpan(text.Length - (max / 2) + 1)) : string.Concat(text.AsSpan(0, max - 1), "…");
    }
}
