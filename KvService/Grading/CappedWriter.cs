using System.Text;

namespace KvService.Grading;

/// <summary>A text writer that keeps the first <c>capacity</c> characters written to it and counts the rest.</summary>
internal sealed class CappedWriter(int capacity) : TextWriter
{
    private readonly StringBuilder _kept = new();
    private long _dropped;
    private readonly object _gate = new();

    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value)
    {
        lock (_gate)
        {
            if (_kept.Length < capacity) _kept.Append(value);
            else _dropped++;
        }
    }

    public override void Write(string? value)
    {
        if (value is null) return;
        lock (_gate)
        {
            int room = Math.Max(0, capacity - _kept.Length);
            _kept.Append(value.AsSpan(0, Math.Min(room, value.Length)));
            _dropped += Math.Max(0, value.Length - room);
        }
    }

    /// <summary>What was kept, with a note of what was dropped; then starts again empty.</summary>
    public string Take()
    {
        lock (_gate)
        {
            string text = _kept.ToString() + (_dropped > 0 ? $"\n[... {_dropped:N0} more characters of output dropped]" : "");
            _kept.Clear();
            _dropped = 0;
            return text;
        }
    }
}
