namespace LabRpc;

/// <summary>
/// Pending timers: a binary min-heap ordered by (due time, sequence). The sequence number makes the
/// order of timers due at the same instant the order they were set, independent of heap layout.
/// </summary>
internal sealed class TimerQueue
{
    private struct Entry
    {
        public long Due;
        public long Seq;
        public WorkItem Item;
    }

    private Entry[] _heap = new Entry[64];
    private int _count;
    private long _nextSeq;

    public int Count => _count;

    public long NextDue => _heap[0].Due;

    public void Add(long due, in WorkItem item)
    {
        if (_count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var entry = new Entry { Due = due, Seq = _nextSeq++, Item = item };
        int i = _count++;
        while (i > 0)
        {
            int parent = (i - 1) >> 1;
            if (!Less(entry, _heap[parent])) break;
            _heap[i] = _heap[parent];
            i = parent;
        }
        _heap[i] = entry;
    }

    public WorkItem Pop()
    {
        WorkItem top = _heap[0].Item;
        Entry last = _heap[--_count];
        _heap[_count] = default;
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
        Array.Clear(_heap, 0, _count);
        _count = 0;
    }

    private static bool Less(in Entry a, in Entry b) => a.Due < b.Due || (a.Due == b.Due && a.Seq < b.Seq);
}
