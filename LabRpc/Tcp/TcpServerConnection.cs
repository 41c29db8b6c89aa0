using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>
/// One client's connection to a <see cref="TcpServer"/>: reads requests (waiting with a zero-byte read, so an idle
/// connection holds no buffer), hands them to the server's node in batches, and sends replies as handlers finish.
/// Bad input gets an error frame and closes this connection only.
/// </summary>
internal sealed class TcpServerConnection
{
    private const int MethodCacheSize = 8;

    private readonly Socket _socket;
    private readonly FrameSender _sender;
    private readonly List<TcpServerCall> _batch = [];
    private readonly Lock _lock = new();
    private (byte[] Name, Handler? Handler, string Method)[]? _methods;
    private int _methodCount;
    private int _inFlight;
    private TaskCompletionSource? _room;
    private long _frameStarted; // timestamp at which the unfinished frame began arriving; 0 when none
    private long _lastActivity;
    private int _closed;

    public TcpServerConnection(TcpServer server, Socket socket, long id)
    {
        Server = server;
        _socket = socket;
        Id = id;
        Remote = socket.RemoteEndPoint?.ToString() ?? "(unknown)";
        _sender = new FrameSender(socket, error => Close($"sending failed: {error.Message}", LogLevel.Debug)) { Drained = OnDrained };
        _sender.Start();
        _lastActivity = server.Node.Time.GetTimestamp();
    }

    public TcpServer Server { get; }

    public long Id { get; }

    /// <summary>The client's address, for logs.</summary>
    public string Remote { get; }

    /// <summary>The read loop, done once the connection is closed.</summary>
    public Task Reading { get; set; } = Task.CompletedTask;

    public bool IsClosed => Volatile.Read(ref _closed) != 0;

    public async Task RunAsync()
    {
        var stream = new NetworkStream(_socket, ownsSocket: false);
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(bufferSize: 4096, minimumReadSize: 1024, leaveOpen: true, useZeroByteReads: true));
        string why = "the client closed it";
        var level = LogLevel.Debug;
        try
        {
            while (!IsClosed)
            {
                while (!IsClosed && (Volatile.Read(ref _inFlight) >= Server.Options.MaxCallsInFlightPerConnection || _sender.Unsent > Server.Options.MaxFrameSize))
                    await WaitForRoomAsync().ConfigureAwait(false); // outside the simulation: a real connection waits for room among its outstanding calls
                var result = await reader.ReadAsync().ConfigureAwait(false); // outside the simulation: reads a real socket
                var buffer = result.Buffer;
                var now = Server.Node.Time.GetTimestamp();
                Volatile.Write(ref _lastActivity, now);
                long before = buffer.Length;
                string? bad = Parse(ref buffer, out bool full);
                // At the in-flight limit the frames left are whole ones not yet taken: the next read must return them at once.
                if (full) reader.AdvanceTo(buffer.Start);
                else reader.AdvanceTo(buffer.Start, buffer.End);
                // The frame not yet whole started arriving now, unless it is the one that was already arriving.
                if (buffer.IsEmpty) Volatile.Write(ref _frameStarted, 0);
                else if (buffer.Length < before || Volatile.Read(ref _frameStarted) == 0) Volatile.Write(ref _frameStarted, now);
                Dispatch();
                if (bad is not null)
                {
                    SendBadFrame(bad);
                    (why, level) = ($"bad input: {bad}", LogLevel.Warning);
                    break;
                }
                if (result.IsCompleted)
                {
                    if (!buffer.IsEmpty) (why, level) = ($"bad input: the connection ended inside a frame ({buffer.Length} bytes of it arrived)", LogLevel.Warning);
                    break;
                }
            }
        }
        catch (Exception error) when (error is IOException or SocketException or ObjectDisposedException or OperationCanceledException)
        {
            why = $"reading failed: {error.Message}";
        }
        finally
        {
            await reader.CompleteAsync().ConfigureAwait(false); // outside the simulation: completes a real socket's reader
            Close(why, level);
        }
    }

    /// <summary>Closes the connection if a frame is late or it has been idle too long (called by the server's sweep).</summary>
    public void CheckTimeouts(long now)
    {
        var time = Server.Node.Time;
        long started = Volatile.Read(ref _frameStarted);
        if (started != 0 && time.GetElapsedTime(started, now) > Server.Options.FrameTimeout)
        {
            Close($"bad input: a frame did not finish arriving within {Server.Options.FrameTimeout.TotalSeconds:0.###} s", LogLevel.Warning);
            return;
        }
        if (started == 0 && Volatile.Read(ref _inFlight) == 0 && time.GetElapsedTime(Volatile.Read(ref _lastActivity), now) > Server.Options.IdleTimeout)
            Close($"idle for {Server.Options.IdleTimeout.TotalSeconds:0.###} s", LogLevel.Debug);
    }

    /// <summary>Writes a handler's reply (on the node); sent when the node's batch ends.</summary>
    public void SendReply(long id, byte[] reply)
    {
        if (_sender.WriteReply(id, reply)) _sender.FlushSoon(Server.Node);
        Answered();
    }

    /// <summary>Writes an error frame for call <paramref name="id"/> (on the node).</summary>
    public void SendError(long id, TcpErrorCode code, string detail, string message)
    {
        if (_sender.WriteFrame(TcpFrames.Error(id, code, detail, message))) _sender.FlushSoon(Server.Node);
        Answered();
    }

    /// <summary>Closes the connection (once); calls still running on the node finish, and their replies are dropped.</summary>
    public void Close(string why, LogLevel level)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return;
        Server.Log.Log(level, "connection from {Remote} closed: {Why}", Remote, why);
        _sender.Close();
        try
        {
            _socket.Shutdown(SocketShutdown.Both);
        }
        catch (Exception error) when (error is SocketException or ObjectDisposedException)
        {
            // already gone
        }
        _socket.Dispose();
        TaskCompletionSource? room;
        lock (_lock) (room, _room) = (_room, null);
        room?.TrySetResult();
        Server.Remove(this);
    }

    private void SendBadFrame(string why)
    {
        _sender.WriteFrame(TcpFrames.Error(0, TcpErrorCode.BadFrame, "", $"The server closes this connection: {why}"));
        _sender.Flush();
    }

    /// <summary>Reads the whole frames at the start of <paramref name="buffer"/> into the batch, up to the in-flight limit
    /// (<paramref name="full"/>: reached); returns what is wrong with the input, if anything.</summary>
    private string? Parse(ref ReadOnlySequence<byte> buffer, out bool full)
    {
        full = false;
        while (TcpFrames.TryReadLength(buffer, out uint length))
        {
            if (Volatile.Read(ref _inFlight) >= Server.Options.MaxCallsInFlightPerConnection)
            {
                full = true;
                return null;
            }
            if (length > (uint)Server.Options.MaxFrameSize)
                return $"a frame of {length} bytes is over the limit of {Server.Options.MaxFrameSize} bytes";
            if (length < TcpFrames.RequestHeaderLength)
                return $"a frame of {length} bytes is too short to be a request";
            if (buffer.Length < TcpFrames.PrefixLength + length) return null;
            var body = buffer.Slice(TcpFrames.PrefixLength, length);
            string? bad = ReadRequest(body);
            if (bad is not null) return bad;
            buffer = buffer.Slice(body.End);
        }
        return null;
    }

    private string? ReadRequest(in ReadOnlySequence<byte> body)
    {
        Span<byte> header = stackalloc byte[TcpFrames.RequestHeaderLength];
        body.Slice(0, TcpFrames.RequestHeaderLength).CopyTo(header);
        if (header[0] != (byte)TcpFrameKind.Request) return $"a frame of kind {header[0]} where a request (kind 1) was expected";
        long id = BinaryPrimitives.ReadInt64LittleEndian(header[1..]);
        int nameLength = BinaryPrimitives.ReadUInt16LittleEndian(header[9..]);
        if (TcpFrames.RequestHeaderLength + nameLength > body.Length) return $"a method name of {nameLength} bytes in a frame of {body.Length} bytes";
        var nameBytes = body.Slice(TcpFrames.RequestHeaderLength, nameLength);
        byte[]? rented = nameLength > 256 ? ArrayPool<byte>.Shared.Rent(nameLength) : null;
        Span<byte> name = rented is null ? stackalloc byte[256] : rented;
        name = name[..nameLength];
        nameBytes.CopyTo(name);
        var (handler, method, bad) = Lookup(name);
        if (rented is not null) ArrayPool<byte>.Shared.Return(rented);
        if (bad is not null) return bad;
        var args = body.Slice(nameBytes.End).ToArray();
        Interlocked.Increment(ref _inFlight);
        _batch.Add(new TcpServerCall(this, id, handler, handler is null ? method : null, args));
        return null;
    }

    private (Handler? Handler, string Method, string? Bad) Lookup(ReadOnlySpan<byte> name)
    {
        if (_methods is not null)
            for (int i = 0; i < _methodCount; i++)
                if (name.SequenceEqual(_methods[i].Name)) return (_methods[i].Handler, _methods[i].Method, null);
        string method;
        try
        {
            method = new UTF8Encoding(false, true).GetString(name);
        }
        catch (DecoderFallbackException)
        {
            return (null, "", "a method name that is not UTF-8");
        }
        var handler = Server.Served.Find(method);
        _methods ??= new (byte[], Handler?, string)[MethodCacheSize];
        _methods[_methodCount < MethodCacheSize ? _methodCount++ : MethodCacheSize - 1] = (name.ToArray(), handler, method);
        return (handler, method, null);
    }

    private void Dispatch()
    {
        if (_batch.Count == 0) return;
        var node = Server.Node;
        if (node.TryEnter(out var entered))
        {
            try
            {
                foreach (var call in _batch) call.Execute();
            }
            finally
            {
                node.Exit(entered);
            }
        }
        else
        {
            foreach (var call in _batch) node.Post(TcpServerCall.ExecuteCallback, call);
        }
        _batch.Clear();
    }

    private void Answered()
    {
        Volatile.Write(ref _lastActivity, Server.Node.Time.GetTimestamp());
        if (Interlocked.Decrement(ref _inFlight) < Server.Options.MaxCallsInFlightPerConnection) OnDrained();
    }

    private void OnDrained()
    {
        if (Volatile.Read(ref _room) is null) return;
        TaskCompletionSource? room;
        lock (_lock) (room, _room) = (_room, null);
        room?.TrySetResult();
    }

    private Task WaitForRoomAsync()
    {
        lock (_lock)
        {
            // Checked again under the lock: an answer between the first look and here must not be missed.
            if (IsClosed || (_inFlight < Server.Options.MaxCallsInFlightPerConnection && _sender.Unsent <= Server.Options.MaxFrameSize))
                return Task.CompletedTask;
            _room ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _room.Task;
        }
    }
}
