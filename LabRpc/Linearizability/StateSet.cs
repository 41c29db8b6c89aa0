using System.Collections;

namespace LabRpc.Linearizability;

/// <summary>
/// An immutable set of states: the state of a <see cref="NondeterministicModel{TState, TInput, TOutput}"/>
/// seen as a deterministic model. Equal when they hold the same states; the hash is computed once.
/// </summary>
public sealed class StateSet<TState> : IReadOnlyList<TState>, IEquatable<StateSet<TState>>
{
    private readonly TState[] _states;
    private readonly int[] _hashes;
    private readonly int _hash;
    private readonly IEqualityComparer<TState> _comparer;

    private StateSet(TState[] states, int[] hashes, IEqualityComparer<TState> comparer)
    {
        _states = states;
        _hashes = hashes;
        _comparer = comparer;
        var h = states.Length;
        foreach (var x in hashes)
        {
            h += x * 31 + (x >> 16); // order does not matter
        }
        _hash = h;
    }

    /// <summary>The distinct states among <paramref name="states"/>, by <paramref name="comparer"/>, in first-seen order.</summary>
    public static StateSet<TState> Of(IEnumerable<TState> states, IEqualityComparer<TState>? comparer = null)
    {
        ArgumentNullException.ThrowIfNull(states);
        comparer ??= EqualityComparer<TState>.Default;
        var distinct = new List<TState>();
        var hashes = new List<int>();
        foreach (var s in states)
        {
            var h = comparer.GetHashCode(s!);
            var seen = false;
            for (var i = 0; i < distinct.Count && !seen; i++)
            {
                seen = hashes[i] == h && comparer.Equals(distinct[i], s);
            }
            if (!seen)
            {
                distinct.Add(s);
                hashes.Add(h);
            }
        }
        return new StateSet<TState>([.. distinct], [.. hashes], comparer);
    }

    /// <inheritdoc/>
    public TState this[int index] => _states[index];

    /// <inheritdoc/>
    public int Count => _states.Length;

    /// <inheritdoc/>
    public IEnumerator<TState> GetEnumerator() => ((IEnumerable<TState>)_states).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => _states.GetEnumerator();

    /// <summary>Whether both sets hold the same states.</summary>
    public bool Equals(StateSet<TState>? other)
    {
        if (other is null || other._hash != _hash || other._states.Length != _states.Length)
        {
            return other is not null && ReferenceEquals(this, other);
        }
        for (var i = 0; i < _states.Length; i++)
        {
            var found = false;
            for (var j = 0; j < other._states.Length && !found; j++)
            {
                found = _hashes[i] == other._hashes[j] && _comparer.Equals(_states[i], other._states[j]);
            }
            if (!found)
            {
                return false;
            }
        }
        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is StateSet<TState> other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _hash;

    /// <inheritdoc/>
    public override string ToString() => "{" + string.Join(" | ", _states) + "}";
}
