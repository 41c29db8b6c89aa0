using System.Text;

namespace KvService.Grading;

/// <summary>
/// Reads lines of UTF-8 from a worker's stream, never holding more than <c>maxLine</c> bytes of one line, nor reading
/// more than <c>maxTotal</c> bytes in all: a worker that floods its output is stopped by the cap, not by the grader's
/// memory. Reads block: the grader gives each worker's stream a thread of its own (<see cref="WorkerProcess"/>).
/// </summary>
internal sealed class BoundedLineReader(Stream stream, int maxLine, long maxTotal)
{
    private readonly byte[] _buffer = new byte[64 * 1024];
    private int _start;
    private int _end;
    private long _total;
    private bool _eof;

    /// <summary>The next line without its end, or null at the end of the stream. Throws <see cref="InvalidDataException"/>
    /// when a line or the whole is over its cap.</summary>
    public string? ReadLine()
    {
        var line = new MemoryStream();
        while (true)
        {
            int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
            int take = (newline < 0 ? _end : newline) - _start;
            if (line.Length + take > maxLine) throw new InvalidDataException($"a line of its output was longer than {maxLine:N0} bytes");
            line.Write(_buffer, _start, take);
            if (newline >= 0)
            {
                _start = newline + 1;
                return Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length).TrimEnd('\r');
            }
            _start = _end = 0;
            if (_eof) return line.Length > 0 ? Encoding.UTF8.GetString(line.GetBuffer(), 0, (int)line.Length) : null;
            int read = stream.Read(_buffer);
            if (read == 0) _eof = true;
            _end = read;
            _total += read;
            if (_total > maxTotal) throw new InvalidDataException($"its output was more than {maxTotal:N0} bytes in all");
        }
    }
}
