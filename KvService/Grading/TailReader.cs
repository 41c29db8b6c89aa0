using System.Text;

namespace KvService.Grading;

/// <summary>Drains a worker's standard error on a thread of its own, keeping only its last <c>capacity</c> bytes, however
/// much it writes and however long its lines.</summary>
internal sealed class TailReader
{
    private readonly byte[] _tail;
    private int _length;
    private readonly object _gate = new();
    private readonly Thread _drain;

    public TailReader(Stream stream, int capacity)
    {
        _tail = new byte[capacity];
        _drain = new Thread(() => Drain(stream)) { IsBackground = true, Name = "grade-worker stderr" }; // outside the simulation: the grader's parent process reads its worker
        _drain.Start();
    }

    private void Drain(Stream stream)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = stream.Read(buffer)) > 0) Add(buffer.AsSpan(0, read));
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // the worker is gone
        }
    }

    private void Add(ReadOnlySpan<byte> bytes)
    {
        lock (_gate)
        {
            if (bytes.Length >= _tail.Length)
            {
                bytes[^_tail.Length..].CopyTo(_tail);
                _length = _tail.Length;
                return;
            }
            int keep = Math.Min(_length, _tail.Length - bytes.Length);
            Array.Copy(_tail, _length - keep, _tail, 0, keep);
            bytes.CopyTo(_tail.AsSpan(keep));
            _length = keep + bytes.Length;
        }
    }

    /// <summary>The tail so far (after the worker ended, waits briefly for the last of it).</summary>
    public string Text
    {
        get
        {
            _drain.Join(TimeSpan.FromSeconds(2)); // outside the simulation: the last bytes of a dead worker's stderr
            lock (_gate) return Encoding.UTF8.GetString(_tail, 0, _length);
        }
    }
}
