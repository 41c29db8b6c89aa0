namespace LabRpc.Linearizability;

/// <summary>
/// Cuts a value observed in a string register with put and append into the writes that made it: a base (the initial
/// value or a put value) followed by appended tokens, given one part's put values and tokens (all distinct). Finds whether there is no
/// cut, exactly one, or more (a dynamic program over the positions the value can be cut at, counting cuts up to two).
/// Not thread-safe: it keeps scratch arrays between calls.
/// </summary>
internal sealed class ValueCutter
{
    /// <summary>The base of a cut that starts with the initial value.</summary>
    public const int Initial = -1;

    private readonly string _initial;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _values;
    private readonly RegisterAccessKind[] _kind;
    private readonly int[] _putLengths;
    private readonly int[] _tokenLengths;
    private byte[] _ways = new byte[64];
    private int[] _from = new int[64];
    private int[] _via = new int[64];

    /// <param name="initial">The value before any write.</param>
    /// <param name="values">Each value put or appended, with its operation's index.</param>
    /// <param name="kind">What each operation does (a value's operation puts or appends).</param>
    public ValueCutter(string initial, Dictionary<string, int> values, RegisterAccessKind[] kind)
    {
        _initial = initial;
        _values = values.GetAlternateLookup<ReadOnlySpan<char>>();
        _kind = kind;
        var puts = new List<int>();
        var tokens = new List<int>();
        foreach (var (value, i) in values)
        {
            var lengths = kind[i] == RegisterAccessKind.Put ? puts : tokens;
            if (!lengths.Contains(value.Length))
            {
                lengths.Add(value.Length); // few distinct lengths: a list is quicker than a set
            }
        }
        puts.Sort();
        tokens.Sort();
        _putLengths = [.. puts];
        _tokenLengths = [.. tokens];
    }

    /// <summary>How many ways a value can be cut.</summary>
    public enum Cuts
    {
        /// <summary>None: no writes make the value.</summary>
        None,

        /// <summary>Exactly one.</summary>
        One,

        /// <summary>Two or more.</summary>
        Several,
    }

    /// <summary>
    /// Cuts <paramref name="value"/>. With one cut, <paramref name="base"/> is the put's index (or <see cref="Initial"/>)
    /// and <paramref name="tokens"/> receives the appends' indexes in order. <paramref name="reached"/> is the longest
    /// prefix that a base and tokens make (-1 if not even a base fits), which says where a value no writes make goes wrong.
    /// </summary>
    public Cuts Cut(string value, List<int> tokens, out int @base, out int reached)
    {
        var n = value.Length;
        if (_ways.Length <= n)
        {
            var size = Math.Max(n + 1, _ways.Length * 2);
            _ways = new byte[size];
            _from = new int[size];
            _via = new int[size];
        }
        var ways = _ways;
        var from = _from;
        var via = _via;
        Array.Clear(ways, 0, n + 1);
        if (value.StartsWith(_initial, StringComparison.Ordinal))
        {
            Reach(_initial.Length, 1, -1, Initial);
        }
        foreach (var length in _putLengths)
        {
            if (length <= n && _values.TryGetValue(value.AsSpan(0, length), out var put) && _kind[put] == RegisterAccessKind.Put)
            {
                Reach(length, 1, -1, put);
            }
        }
        reached = -1;
        for (var position = 0; position <= n; position++)
        {
            var skip = ways.AsSpan(position, n + 1 - position).IndexOfAnyExcept((byte)0); // few positions are reached
            if (skip < 0)
            {
                break;
            }
            position += skip;
            var here = ways[position];
            reached = position;
            foreach (var length in _tokenLengths)
            {
                if (position + length > n)
                {
                    break;
                }
                if (_values.TryGetValue(value.AsSpan(position, length), out var token) && _kind[token] == RegisterAccessKind.Append)
                {
                    Reach(position + length, here, position, token);
                }
            }
        }
        @base = Initial;
        if (ways[n] != 1)
        {
            return ways[n] == 0 ? Cuts.None : Cuts.Several;
        }
        var start = tokens.Count;
        var at = n;
        while (from[at] >= 0)
        {
            tokens.Add(via[at]);
            at = from[at];
        }
        @base = via[at];
        tokens.Reverse(start, tokens.Count - start);
        return Cuts.One;

        void Reach(int position, byte count, int previous, int write)
        {
            if (ways[position] == 0)
            {
                ways[position] = count;
                from[position] = previous;
                via[position] = write;
            }
            else
            {
                ways[position] = 2;
            }
        }
    }
}
