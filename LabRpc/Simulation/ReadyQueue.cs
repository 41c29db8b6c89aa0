namespace LabRpc;

/// <summary>
/// The work that can run now. A ring buffer: FIFO takes the head; the seeded strategy swaps a random
/// element to the head first, so both cost O(1). A chooser that walks schedules (not <see cref="RandomChooser"/>) takes
/// the element out and keeps the others in the order they were posted.
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

    /// <summary>Item <paramref name="index"/> in posting order (0 is the head).</summary>
    public ref readonly WorkItem At(int index) => ref _items[(_head + index) & (_items.Length - 1)];

    public WorkItem Take(IChooser chooser, bool keepOrder)
    {
        int mask = _items.Length - 1;
        if (_count > 1)
        {
            int index = chooser.NextReady(new ReadyItems(this));
            if ((uint)index >= (uint)_count)
                throw new InvalidOperationException($"The chooser picked ready item {index} of {_count}.");
            if (index != 0)
            {
                int pick = (_head + index) & mask;
                if (!keepOrder)
                {
                    (_items[pick], _items[_head]) = (_items[_head], _items[pick]);
                }
                else
                {
                    WorkItem chosen = _items[pick];
                    for (int i = index; i > 0; i--) _items[(_head + i) & mask] = _items[(_head + i - 1) & mask];
                    _items[_head] = chosen;
                }
            }
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
