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
/// collections check after check), and a small search stays small.
/// </summary>
internal sealed class LinearizationCache<TState>
{
    private const ulong Fibonacci = 0x9E3779B97F4A7C15UL;
    private const int FirstBlockShift = 6; // the first block holds 64 entries, the next 128, ...
    private const int LargeObjectBytes = 80_000;

    private readonly IEqualityComparer<TState> comparer;
    private readonly int words;
    private readonly List<Block> blocks = [];
    private readonly int growingBlocks; // blocks 0..growingBlocks-1 double in size; the rest have the size of the last of them
    private readonly int growingEntries; // how many entries the growing blocks hold
    private int[] table; // entry index + 1; 0 = empty
    private int shift;
    private int count;

    public LinearizationCache(int words, IEqualityComparer<TState> comparer)
    {
        this.words = words;
        this.comparer = comparer;
        var largestShift = FirstBlockShift;
        while ((2L << largestShift) * Math.Max(8 * words, 8) <= LargeObjectBytes)
        {
            largestShift++;
        }
        growingBlocks = largestShift - FirstBlockShift + 1;
        growingEntries = (1 << (largestShift + 1)) - (1 << FirstBlockShift);
        table = RentTable(256);
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
            var (block, i) = Locate(entry);
            if (block!.Hashes[i] == hash
                && set.SequenceEqual(block.Bits.AsSpan(i * words, words))
                && comparer.Equals(block.States[i], state))
            {
                return false;
            }
            slot = (slot + 1) & mask;
        }

        var (last, at) = Locate(count);
        if (last is null)
        {
            last = new Block(words, 1 << (FirstBlockShift + Math.Min(blocks.Count, growingBlocks - 1)));
            blocks.Add(last);
        }
        set.CopyTo(last.Bits.AsSpan(at * words, words));
        last.Hashes[at] = hash;
        last.States[at] = state;
        count++;
        table[slot] = count;
        if (count * 2 > table.Length)
        {
            GrowTable();
        }
        return true;
    }

    /// <summary>Gives the slot table back to the pool; the cache must not be used afterwards.</summary>
    public void Release()
    {
        ArrayPool<int>.Shared.Return(table);
        table = [];
    }

    private static int[] RentTable(int length)
    {
        var rented = ArrayPool<int>.Shared.Rent(length);
        if (!BitOperations.IsPow2(rented.Length))
        {
            ArrayPool<int>.Shared.Return(rented);
            return new int[length];
        }
        Array.Clear(rented);
        return rented;
    }

    private void GrowTable()
    {
        var old = table;
        table = RentTable(table.Length * 2);
        ArrayPool<int>.Shared.Return(old);
        shift = 64 - BitOperations.Log2((uint)table.Length);
        var mask = table.Length - 1;
        for (var entry = 0; entry < count; entry++)
        {
            var (block, i) = Locate(entry);
            var slot = (int)((block!.Hashes[i] * Fibonacci) >> shift);
            while (table[slot] != 0)
            {
                slot = (slot + 1) & mask;
            }
            table[slot] = entry + 1;
        }
    }

    /// <summary>The block holding <paramref name="entry"/> (null if not allocated yet) and its index there.</summary>
    private (Block? Block, int Index) Locate(int entry)
    {
        int k, index;
        if (entry < growingEntries)
        {
            // Block k starts at 64 * (2^k - 1).
            k = BitOperations.Log2((uint)(entry >> FirstBlockShift) + 1);
            index = entry - ((1 << (FirstBlockShift + k)) - (1 << FirstBlockShift));
        }
        else
        {
            var blockShift = FirstBlockShift + growingBlocks - 1;
            var beyond = entry - growingEntries;
            k = growingBlocks + (beyond >> blockShift);
            index = beyond & ((1 << blockShift) - 1);
        }
        return (k < blocks.Count ? blocks[k] : null, index);
    }

    private sealed class Block(int words, int size)
    {
        public readonly ulong[] Bits = new ulong[size * words];
        public readonly ulong[] Hashes = new ulong[size];
        public readonly TState[] States = new TState[size];
    }
}
