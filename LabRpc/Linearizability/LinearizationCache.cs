using System.Numerics;

namespace LabRpc.Linearizability;

/// <summary>
/// Lowe's cache: the (set of linearized operations, state) pairs the search has already reached.
/// An open-addressing hash set whose bit sets live in one flat array, so adding an entry
/// allocates nothing but the occasional doubling.
/// </summary>
internal sealed class LinearizationCache<TState>
{
    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;

    private readonly IEqualityComparer<TState> comparer;
    private readonly int words;
    private ulong[] bits;
    private ulong[] hashes;
    private TState[] states;
    private int[] table; // entry index + 1; 0 = empty
    private int shift;
    private int count;

    public LinearizationCache(int words, IEqualityComparer<TState> comparer)
    {
        this.words = words;
        this.comparer = comparer;
        const int capacity = 256;
        bits = new ulong[capacity * words];
        hashes = new ulong[capacity];
        states = new TState[capacity];
        table = new int[capacity * 2];
        shift = 64 - BitOperations.Log2((uint)table.Length);
    }

    /// <summary>How many pairs the cache holds.</summary>
    public int Count => count;

    /// <summary>Adds the pair unless it is already there; true if it was added.</summary>
    /// <param name="set">The linearized set, as bit words.</param>
    /// <param name="setHash">A hash of <paramref name="set"/> (the search keeps it up to date).</param>
    /// <param name="state">The state reached.</param>
    public bool TryAdd(ReadOnlySpan<ulong> set, ulong setHash, TState state)
    {
        var hash = setHash ^ ((ulong)(uint)comparer.GetHashCode(state!) * Fibonacci);
        var mask = table.Length - 1;
        var slot = (int)((hash * Fibonacci) >> shift);
        while (true)
        {
            var entry = table[slot] - 1;
            if (entry < 0)
            {
                break;
            }
            if (hashes[entry] == hash
                && set.SequenceEqual(bits.AsSpan(entry * words, words))
                && comparer.Equals(states[entry], state))
            {
                return false;
            }
            slot = (slot + 1) & mask;
        }

        if (count == hashes.Length)
        {
            GrowEntries();
        }
        set.CopyTo(bits.AsSpan(count * words, words));
        hashes[count] = hash;
        states[count] = state;
        count++;
        table[slot] = count;
        if (count * 2 > table.Length)
        {
            GrowTable();
        }
        return true;
    }

    private void GrowEntries()
    {
        var capacity = hashes.Length * 2;
        Array.Resize(ref bits, capacity * words);
        Array.Resize(ref hashes, capacity);
        Array.Resize(ref states, capacity);
    }

    private void GrowTable()
    {
        table = new int[table.Length * 2];
        shift--;
        var mask = table.Length - 1;
        for (var entry = 0; entry < count; entry++)
        {
            var slot = (int)((hashes[entry] * Fibonacci) >> shift);
            while (table[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = entry + 1;
        }
    }
}
