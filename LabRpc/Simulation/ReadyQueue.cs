namespace LabRpc;

/// <summary>
/// The work that can run now. A ring buffer: FIFO takes the head; the seeded strategy swaps a random
/// element to the head first, so both cost O(1).
/// </summary>
internal sealed class ReadyQueue
{
    private WorkItem[] _items = new WorkItem[64];
    private int _head;
    private int _count;

    public int Count => _count;

    public void Add(in WorkItem item)
    {
        if (_count == _items.Length) Grow();
        _items[(_head + _count) & (_items.Length - 1)] = item;
        _count++;
    }

    public WorkItem Take(DeterministicRandom? random)
    {
        int mask = _items.Length - 1;
        if (random is not null && _count > 1)
        {
            int pick = (_head + random.Next(_count)) & mask;
            (_items[pick], _items[_head]) = (_items[_head], _items[pick]);
        }
        WorkItem item = _items[_head];
        _items[_head] = default;
        _head = (_head + 1) & mask;
        _count--;
        return item;
    }

    public void Clear()
    {
        Array.Clear(_items);
        _head = 0;
        _count = 0;
    }

    private void Grow()
    {
        var bigger = new WorkItem[_items.Length * 2];
        for (int i = 0; i < _count; i++) bigger[i] = _items[(_head + i) & (_items.Length - 1)];
        _items = bigger;
        _head = 0;
    }
}
