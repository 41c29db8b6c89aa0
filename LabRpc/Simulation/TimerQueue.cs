namespace LabRpc;

/// <summary>
/// Pending timers: a binary min-heap ordered by (due time, sequence). The sequence number makes the
/// order of timers due at the same instant the order they were set, independent of heap layout.
/// The heap moves only plain keys; the work items (which hold references, and so would cost a GC write
/// barrier at every move) stay put in a slab until their timer fires.
/// </summary>
internal sealed class TimerQueue
{
    private struct Key
    {
        public long Due;
        public long Seq;
        public int Slot;
    }

    private Key[] _heap = new Key[64];
    private WorkItem[] _slab = new WorkItem[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
    private int _slabUsed;
    private int _count;
    private long _nextSeq;

    public int Count => _count;

    public long NextDue => _heap[0].Due;

    public void Add(long due, in WorkItem item)
    {
        int slot = _freeCount > 0 ? _freeSlots[--_freeCount] : NewSlot();
        _slab[slot] = item;
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var key = new Key { Due = due, Seq = _nextSeq++, Slot = slot };
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(key, _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = key;
    }

    public WorkItem Pop()
    {
        int slot = _heap[0].Slot;
        WorkItem top = _slab[slot];
        _slab[slot] = default;
        if (_freeCount == _freeSlots.Length) Array.Resize(ref _freeSlots, _freeSlots.Length * 2);
        _freeSlots[_freeCount++] = slot;

        Key last = _heap[--_count];
        if (_count > 0)
        {
            int i = 0;
            while (true)
            {
                int child = 2 * i + 1;
                if (child >= _count) break;
                if (child + 1 < _count && Less(_heap[child + 1], _heap[child])) child++;
                if (!Less(_heap[child], last)) break;
                _heap[i] = _heap[child];
                i = child;
            }
            _heap[i] = last;
        }
        return top;
    }

    public void Clear()
    {
        Array.Clear(_slab);
        _count = _freeCount = _slabUsed = 0;
    }

    private int NewSlot()
    {
        if (_slabUsed == _slab.Length) Array.Resize(ref _slab, _slab.Length * 2);
        return _slabUsed++;
    }

    private static bool Less(in Key a, in Key b) => a.Due < b.Due || (a.Due == b.Due && a.Seq < b.Seq);
}
