using System.Buffers;
using System.Numerics;

namespace LabRpc.Linearizability;

/// <summary>
/// Lowe's cache: the (set of linearized operations, state) pairs the search has already reached.
/// An open-addressing hash set whose entries live in blocks of flat arrays (the bit sets side by
/// side), each block twice the size of the one before up to a size that keeps it off the large
/// object heap (whose allocations would bring on full collections). Adding an entry allocates
/// nothing but a new block now and then, nothing is copied but the slot table when it doubles
/// (slot tables come from the shared array pool, as the large ones would otherwise bring on full
/// collections check after check), and a small search stays small. Each slot holds the upper half
/// of its entry's hash beside the entry's number, so that a probe past another entry does not
/// touch the blocks (a cache miss each, once the cache is large).
/// </summary>
internal sealed class LinearizationCache<TState>
{
    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;
    private const int FirstBlockShift = 6; // the first block holds 64 entries, the next 128, ...
    private const int LargeObjectBytes = 80_000;

    private readonly IEqualityComparer<TState> _comparer;
    private readonly int _words;
    private readonly List<Block> _blocks = [];
    private readonly int _growingBlocks; // blocks 0..growingBlocks-1 double in size; the rest have the size of the last of them
    private readonly int _growingEntries; // how many entries the growing blocks hold
    private ulong[] _table; // upper 32 bits: the entry's hash's; lower 32: entry index + 1; 0 = empty
    private int _shift;
    private int _count;

    public LinearizationCache(int words, IEqualityComparer<TState> comparer)
    {
        _words = words;
        _comparer = comparer;
        var largestShift = FirstBlockShift;
        while ((2L << largestShift) * Math.Max(8 * words, 8) <= LargeObjectBytes)
        {
            largestShift++;
        }
        _growingBlocks = largestShift - FirstBlockShift + 1;
        _growingEntries = (1 << (largestShift + 1)) - (1 << FirstBlockShift);
        _table = RentTable(256);
        _shift = 64 - BitOperations.Log2((uint)_table.Length);
    }

    /// <summary>How many pairs the cache holds.</summary>
    public int Count => _count;

    /// <summary>Adds the pair unless it is already there; true if it was added.</summary>
    /// <param name="set">The linearized set, as bit words.</param>
    /// <param name="setHash">A hash of <paramref name="set"/> (the search keeps it up to date).</param>
    /// <param name="state">The state reached.</param>
    public bool TryAdd(ReadOnlySpan<ulong> set, ulong setHash, TState state)
    {
        var hash = setHash ^ ((ulong)(uint)_comparer.GetHashCode(state!) * Fibonacci);
        var table = _table;
        var mask = table.Length - 1;
        var slot = (int)((hash * Fibonacci) >> _shift);
        while (true)
        {
            var held = table[slot];
            if (held == 0)
            {
                break;
            }
            if (((held ^ hash) >> 32) == 0)
            {
                var (block, i) = Locate((int)(uint)held - 1);
                if (block!.Hashes[i] == hash
                    && set.SequenceEqual(block.Bits.AsSpan(i * _words, _words))
                    && _comparer.Equals(block.States[i], state))
                {
                    return false;
                }
            }
            slot = (slot + 1) & mask;
        }

        var (last, at) = Locate(_count);
        if (last is null)
        {
            last = new Block(_words, 1 << (FirstBlockShift + Math.Min(_blocks.Count, _growingBlocks - 1)));
            _blocks.Add(last);
        }
        set.CopyTo(last.Bits.AsSpan(at * _words, _words));
        last.Hashes[at] = hash;
        last.States[at] = state;
        _count++;
        table[slot] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)_count;
        if (_count * 2 > _table.Length)
        {
            GrowTable();
        }
        return true;
    }

    /// <summary>Gives the slot table back to the pool; the cache must not be used afterwards.</summary>
    public void Release()
    {
        ArrayPool<ulong>.Shared.Return(_table);
        _table = [];
    }

    private static ulong[] RentTable(int length)
    {
        var rented = ArrayPool<ulong>.Shared.Rent(length);
        if (!BitOperations.IsPow2(rented.Length))
        {
            ArrayPool<ulong>.Shared.Return(rented);
            return new ulong[length];
        }
        Array.Clear(rented);
        return rented;
    }

    private void GrowTable()
    {
        var old = _table;
        var table = RentTable(old.Length * 2);
        ArrayPool<ulong>.Shared.Return(old);
        _table = table;
        _shift = 64 - BitOperations.Log2((uint)table.Length);
        var mask = table.Length - 1;
        for (var entry = 0; entry < _count; entry++)
        {
            var (block, i) = Locate(entry);
            var hash = block!.Hashes[i];
            var slot = (int)((hash * Fibonacci) >> _shift);
            while (table[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = (hash & 0xFFFF_FFFF_0000_0000UL) | (uint)(entry + 1);
        }
    }

    /// <summary>The block holding <paramref name="entry"/> (null if not allocated yet) and its index there.</summary>
    private (Block? Block, int Index) Locate(int entry)
    {
        int k, index;
        if (entry < _growingEntries)
        {
            // Block k starts at 64 * (2^k - 1).
            k = BitOperations.Log2((uint)(entry >> FirstBlockShift) + 1);
            index = entry - ((1 << (FirstBlockShift + k)) - (1 << FirstBlockShift));
        }
        else
        {
            var blockShift = FirstBlockShift + _growingBlocks - 1;
            var beyond = entry - _growingEntries;
            k = _growingBlocks + (beyond >> blockShift);
            index = beyond & ((1 << blockShift) - 1);
        }
        return (k < _blocks.Count ? _blocks[k] : null, index);
    }

    private sealed class Block(int words, int size)
    {
        public readonly ulong[] Bits = new ulong[size * words];
        public readonly ulong[] Hashes = new ulong[size];
        public readonly TState[] States = new TState[size];
    }
}
