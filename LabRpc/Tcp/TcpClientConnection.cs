using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>
/// One connection of a <see cref="TcpClientEnd"/>, shared by its concurrent calls: requests are queued from the moment
/// it is made and leave once it is connected; replies are matched to calls by id. When it fails, every call in flight
/// on it fails (ok=false) and the end makes a new one for the next call.
/// </summary>
internal sealed class TcpClientConnection
{
    private readonly TcpClientEnd _end;
    private readonly Socket _socket;
    private readonly FrameSender _sender;
    private readonly Dictionary<long, TcpClientCall> _calls = [];
    private readonly List<TcpClientCall> _done = [];
    private readonly Lock _lock = new();
    private long _lastReceived;
    private bool _connected;
    private int _closed;

    public TcpClientConnection(TcpClientEnd end, string host, int port)
    {
        _end = end;
        _socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        _sender = new FrameSender(_socket, error => Close($"sending failed: {error.Message}"));
        _lastReceived = end.Options.Time.GetTimestamp();
        _ = RunAsync(host, port);
    }

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    /// <summary>Registers <paramref name="call"/> and queues its request; false if the connection has failed and the
    /// caller must complete the call itself.</summary>
    public bool Send(TcpClientCall call, long id, string method, int methodBytes, ReadOnlySpan<byte> args)
    {
        lock (_lock)
        {
            if (IsClosed) return false;
            _calls.Add(id, call);
        }
        if (!_sender.WriteRequest(id, method, methodBytes, args))
        {
            // Closed meanwhile: the call is lost. Whoever takes it out of the table completes it.
            lock (_lock) return !_calls.Remove(id);
        }
        _sender.FlushSoon(RealNodeOf(SynchronizationContext.Current));
        return true;
    }

    /// <summary>Fails the calls past their deadline; closes the connection if nothing has arrived since the oldest of
    /// them was sent (the server or the path to it is gone: the next call connects again).</summary>
    public void Expire(long now)
    {
        var time = _end.Options.Time;
        List<(long Id, TcpClientCall Call)>? due = null;
        lock (_lock)
        {
            foreach (var (id, call) in _calls)
                if (now >= call.Deadline) (due ??= []).Add((id, call));
            if (due is null) return;
            foreach (var (id, _) in due) _calls.Remove(id);
        }
        var expired = due.Select(d => d.Call).ToList();
        foreach (var call in expired) call.Complete();
        long timeoutTicks = time.TimestampFrequency * _end.Options.Timeout.Ticks / TimeSpan.TicksPerSecond;
        if (expired.Any(c => Volatile.Read(ref _lastReceived) < c.Deadline - timeoutTicks))
            Close(_connected ? $"no answer within {_end.Options.Timeout.TotalMilliseconds:0} ms" : $"not connected within {_end.Options.Timeout.TotalMilliseconds:0} ms");
    }

    /// <summary>Closes the connection (once) and fails every call in flight on it.</summary>
    public void Close(string why)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        _sender.Close();
        _socket.Dispose();
        TcpClientCall[] calls;
        lock (_lock)
        {
            calls = [.. _calls.Values];
            _calls.Clear();
        }
        foreach (var call in calls) call.Complete();
        _end.Log.LogDebug("connection of {End} closed: {Why}", _end.Name, why);
    }

    private static RealNode? RealNodeOf(SynchronizationContext? context) => (context as RealNodeContext)?.Node;

    private async Task RunAsync(string host, int port)
    {
        string why = "the server closed it";
        PipeReader? reader = null;
        try
        {
            await _socket.ConnectAsync(host, port).ConfigureAwait(false); // outside the simulation: connects a real socket
            _connected = true;
            _end.Log.LogDebug("{End} connected from {Local}", _end.Name, _socket.LocalEndPoint);
            _sender.Start();
            reader = PipeReader.Create(new NetworkStream(_socket, ownsSocket: false), new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
            while (!IsClosed)
            {
                var result = await reader.ReadAsync().ConfigureAwait(false); // outside the simulation: reads a real socket
                var buffer = result.Buffer;
                Volatile.Write(ref _lastReceived, _end.Options.Time.GetTimestamp());
                string? bad = Parse(ref buffer);
                reader.AdvanceTo(buffer.Start, buffer.End);
                foreach (var call in _done) call.Complete();
                _done.Clear();
                if (bad is not null)
                {
                    why = bad;
                    _end.Log.LogWarning("{End}: {Why}; closing the connection", _end.Name, bad);
                    break;
                }
                if (result.IsCompleted) break;
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            why = _connected ? $"reading failed: {error.Message}" : $"connecting failed: {error.Message}";
        }
        finally
        {
            if (reader is not null) await reader.CompleteAsync().ConfigureAwait(false); // outside the simulation: completes a real socket's reader
            Close(why);
        }
    }

    private string? Parse(ref ReadOnlySequence<byte> buffer)
    {
        int max = _end.Options.MaxFrameSize;
        while (TcpFrames.TryReadLength(buffer, out uint length))
        {
            if (length > (uint)max) return $"the server sent a frame of {length} bytes, over the limit of {max} (TcpClientOptions.MaxFrameSize)";
            if (length < TcpFrames.ReplyHeaderLength) return $"the server sent a frame of {length} bytes, too short to be a reply";
            if (buffer.Length < TcpFrames.PrefixLength + length) return null;
            var body = buffer.Slice(TcpFrames.PrefixLength, length);
            byte[]? copy = body.IsSingleSegment ? null : body.ToArray();
            ReadOnlyMemory<byte> bytes = copy ?? body.First;
            string? bad = Read(bytes);
            if (bad is not null) return bad;
            buffer = buffer.Slice(body.End);
        }
        return null;
    }

    private string? Read(ReadOnlyMemory<byte> body)
    {
        var span = body.Span;
        byte kind = span[0];
        long id = BinaryPrimitives.ReadInt64LittleEndian(span[1..]);
        if (kind is not ((byte)TcpFrameKind.Reply or (byte)TcpFrameKind.Error)) return $"the server sent a frame of kind {kind}, neither a reply nor an error";
        TcpErrorCode code = default;
        string detail = "", message = "";
        if (kind == (byte)TcpFrameKind.Error && !TcpFrames.TryReadError(span[TcpFrames.ReplyHeaderLength..], out code, out detail, out message))
            return "the server sent a malformed error frame";
        if (kind == (byte)TcpFrameKind.Error && id == 0)
        {
            _end.Log.LogWarning("{End}: the server refused the connection: {Message}", _end.Name, message);
            return null;
        }
        TcpClientCall? call;
        lock (_lock)
            if (!_calls.Remove(id, out call)) return null; // timed out already: its caller has moved on
        if (kind == (byte)TcpFrameKind.Reply) call.SetReply(_end.Options.Codec, body[TcpFrames.ReplyHeaderLength..]);
        else
        {
            Exception? error = code switch
            {
                TcpErrorCode.MethodNotFound => new RpcMethodNotFoundException(message),
                TcpErrorCode.BadArguments => new RpcException(message),
                TcpErrorCode.HandlerThrew => new RpcHandlerException(message, new RemoteException(detail, message)),
                TcpErrorCode.Unavailable => null,
                _ => new RpcException($"The server answered {call.Method} with error code {(int)code}: {message}"),
            };
            if (error is not null) call.SetError(error);
        }
        _done.Add(call);
        return null;
    }
}
