using System.Buffers;
using System.Net.Sockets;

namespace LabRpc;

/// <summary>
/// The sending half of a TCP connection, for either side: frames written from any thread go into one pending buffer,
/// and one send at a time takes everything pending — frames written while a send is under way leave together in the
/// next one. A buffer is rented only while there is something to send, so an idle connection holds none.
/// </summary>
internal sealed class FrameSender(Socket socket, Action<Exception> failed) : IBatchFlush
{
    private const int MinimumBuffer = 4096;

    private readonly Lock _lock = new();
    private byte[]? _pending;
    private int _pendingLength;
    private bool _sending;
    private bool _started;
    private bool _closed;
    private bool _flushQueued;
    private long _unsent;

    /// <summary>Called (on the thread that finished a send) when everything written has been sent.</summary>
    public Action? Drained { get; set; }

    /// <summary>Bytes written and not yet handed to the socket.</summary>
    public long Unsent => Volatile.Read(ref _unsent);

    /// <summary>Allows sending (a client's connection writes its first calls before it is connected).</summary>
    public void Start()
    {
        lock (_lock) _started = true;
        Flush();
    }

    /// <summary>Queues a request frame; false if the connection is closed.</summary>
    public bool WriteRequest(long callId, string method, int methodBytes, ReadOnlySpan<byte> args)
    {
        int size = TcpFrames.RequestSize(methodBytes, args.Length);
        lock (_lock)
        {
            if (_closed) return false;
            TcpFrames.WriteRequest(Reserve(size), callId, method, methodBytes, args);
        }
        return true;
    }

    /// <summary>Queues a reply frame; false if the connection is closed.</summary>
    public bool WriteReply(long callId, ReadOnlySpan<byte> reply)
    {
        int size = TcpFrames.PrefixLength + TcpFrames.ReplyHeaderLength + reply.Length;
        lock (_lock)
        {
            if (_closed) return false;
            TcpFrames.WriteReply(Reserve(size), callId, reply);
        }
        return true;
    }

    /// <summary>Queues a whole frame; false if the connection is closed.</summary>
    public bool WriteFrame(ReadOnlySpan<byte> frame)
    {
        lock (_lock)
        {
            if (_closed) return false;
            frame.CopyTo(Reserve(frame.Length));
        }
        return true;
    }

    /// <summary>Sends what is pending unless a send is under way (which will take it).</summary>
    public void Flush()
    {
        byte[] buffer;
        int length;
        lock (_lock)
        {
            if (_sending || !_started || _closed || _pendingLength == 0) return;
            _sending = true;
            buffer = _pending!;
            length = _pendingLength;
            _pending = null;
            _pendingLength = 0;
        }
        _ = SendAsync(buffer, length);
    }

    /// <summary>Flushes when <paramref name="node"/> runs out of queued work (call from the node's code), or now when the
    /// caller is not on a node.</summary>
    public void FlushSoon(RealNode? node)
    {
        if (node is null || !node.IsCurrent)
        {
            Flush();
            return;
        }
        if (_flushQueued) return;
        _flushQueued = true;
        node.FlushAtEndOfBatch(this);
    }

    /// <inheritdoc/>
    void IBatchFlush.FlushBatch()
    {
        _flushQueued = false;
        Flush();
    }

    /// <summary>Drops what is pending; nothing is sent from now on.</summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_closed) return;
            _closed = true;
            if (_pending is not null && !_sending) ArrayPool<byte>.Shared.Return(_pending);
            _pending = null;
            _pendingLength = 0;
        }
    }

    private Span<byte> Reserve(int size)
    {
        int needed = _pendingLength + size;
        if (_pending is null || _pending.Length < needed)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, Math.Max(MinimumBuffer, (_pending?.Length ?? 0) * 2)));
            if (_pending is not null)
            {
                _pending.AsSpan(0, _pendingLength).CopyTo(bigger);
                ArrayPool<byte>.Shared.Return(_pending);
            }
            _pending = bigger;
        }
        var span = _pending.AsSpan(_pendingLength, size);
        _pendingLength = needed;
        _unsent += size;
        return span;
    }

    private async Task SendAsync(byte[] buffer, int length)
    {
        try
        {
            while (true)
            {
                int sent = 0;
                while (sent < length)
                    sent += await socket.SendAsync(buffer.AsMemory(sent, length - sent), SocketFlags.None).ConfigureAwait(false); // outside the simulation: writes to a real socket
                ArrayPool<byte>.Shared.Return(buffer);
                lock (_lock)
                {
                    _unsent -= length;
                    if (_closed || _pendingLength == 0)
                    {
                        _sending = false;
                        break;
                    }
                    buffer = _pending!;
                    length = _pendingLength;
                    _pending = null;
                    _pendingLength = 0;
                }
            }
            Drained?.Invoke();
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException or IOException)
        {
            lock (_lock) _sending = false;
            Close();
            failed(error);
        }
    }
}
