using System.Buffers;
using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace LabRpc;

/// <summary>
/// One client's connection through a <see cref="FaultProxy"/> and its connection to the server. Each direction is a
/// reader that takes whole frames off one socket and judges them (cut, drop, delay), and a writer that sends them on,
/// in order, each when its delay is over. All of it is async I/O: no thread of its own.
/// </summary>
internal sealed class FaultProxyConnection
{
    /// <summary>Frames read ahead of the writer, per direction (the reader waits when the writer is this far behind).</summary>
    private const int QueuedFrames = 64;

    private readonly FaultProxy _proxy;
    private readonly Socket _client;
    private readonly Socket _server;
    private readonly CancellationTokenSource _closing = new();
    private readonly DeterministicRandom _requestRandom;
    private readonly DeterministicRandom _replyRandom;
    private int _closed;

    public FaultProxyConnection(FaultProxy proxy, long number, Socket client, ulong seed)
    {
        _proxy = proxy;
        Number = number;
        _client = client;
        _server = proxy.Target is IPEndPoint ip
            ? new Socket(ip.AddressFamily, SocketType.Stream, ProtocolType.Tcp)
            : new Socket(SocketType.Stream, ProtocolType.Tcp);
        _client.NoDelay = true;
        _server.NoDelay = true;
        // Generators of their own, fixed by the seed, the connection's number and the direction.
        ulong root = new DeterministicRandom(seed).NextUInt64() + 2 * (ulong)number;
        _requestRandom = new DeterministicRandom(root);
        _replyRandom = new DeterministicRandom(root + 1);
    }

    /// <summary>The connection's number: the order in which the proxy accepted it, from 0.</summary>
    public long Number { get; }

    /// <summary>Finishes when the connection has ended, whatever ended it.</summary>
    public Task Completion { get; private set; } = Task.CompletedTask;

    public void Start() => Completion = RunAsync();

    /// <summary>
    /// Closes both sides, once: reset (<paramref name="abort"/>) or an orderly close. Returns false when it was closed
    /// already.
    /// </summary>
    public bool Close(bool abort, bool countAsCut)
    {
        if (Interlocked.Exchange(ref _closed, 1) != 0) return false;
        if (countAsCut) _proxy.WasCut();
        _closing.Cancel();
        if (abort)
        {
            Reset(_client);
            Reset(_server);
        }
        else
        {
            _client.Dispose();
            _server.Dispose();
        }
        return true;
    }

    /// <summary>Closes a socket with a reset (RST): the peer's next read or write fails at once.</summary>
    public static void Reset(Socket socket)
    {
        try { socket.LingerState = new LingerOption(true, 0); }
        catch (Exception e) when (e is SocketException or ObjectDisposedException) { }
        socket.Dispose();
    }

    // outside the simulation: async socket I/O and real-time delays; continuations run on the thread pool
    private async Task RunAsync()
    {
        try
        {
            try
            {
                await _server.ConnectAsync(_proxy.Target, _closing.Token).ConfigureAwait(false); // outside the simulation: a real TCP proxy
            }
            catch (Exception e) when (e is SocketException or OperationCanceledException or ObjectDisposedException)
            {
                if (Volatile.Read(ref _closed) == 0) _proxy.Unreachable();
                Close(abort: true, countAsCut: false);
                return;
            }
            await Task.WhenAll(PumpAsync(_client, _server, _requestRandom, request: true),
                PumpAsync(_server, _client, _replyRandom, request: false)).ConfigureAwait(false); // outside the simulation: a real TCP proxy
            Close(abort: false, countAsCut: false);
        }
        catch (Exception)
        {
            // Whatever went wrong ends this connection and no other.
            Close(abort: true, countAsCut: false);
        }
        finally
        {
            _proxy.Ended(this);
        }
    }

    /// <summary>
    /// One direction. When the sender closes its side (between frames, or in the middle of one, which is then dropped),
    /// the frames already read are written, and then the receiver's side is closed for sending too.
    /// </summary>
    private async Task PumpAsync(Socket from, Socket to, DeterministicRandom random, bool request)
    {
        var queue = Channel.CreateBounded<FaultProxyFrame>(new BoundedChannelOptions(QueuedFrames)
        {
            SingleReader = true,
            SingleWriter = true,
        });
        var writing = WriteAsync(queue.Reader, to, request);
        bool ended = false;
        try
        {
            ended = await ReadAsync(from, queue.Writer, random, request).ConfigureAwait(false); // outside the simulation: a real TCP proxy
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close(abort: true, countAsCut: false);
        }
        finally
        {
            queue.Writer.TryComplete();
        }
        bool written = await writing.ConfigureAwait(false); // outside the simulation: a real TCP proxy
        if (ended && written && Volatile.Read(ref _closed) == 0)
        {
            try { to.Shutdown(SocketShutdown.Send); }
            catch (Exception e) when (e is SocketException or ObjectDisposedException) { Close(abort: true, countAsCut: false); }
        }
    }

    /// <summary>
    /// Reads frames and judges each; returns true when the sender closed its side, false when the connection was cut
    /// (a bad length prefix, or a cut drawn for a frame).
    /// </summary>
    private async Task<bool> ReadAsync(Socket from, ChannelWriter<FaultProxyFrame> queue, DeterministicRandom random, bool request)
    {
        var token = _closing.Token;
        using var stream = new NetworkStream(from, ownsSocket: false);
        var header = new byte[4];
        while (true)
        {
            if (await stream.ReadAtLeastAsync(header, 4, throwOnEndOfStream: false, token).ConfigureAwait(false) < 4) // outside the simulation: a real TCP proxy
                return true;
            uint length = BinaryPrimitives.ReadUInt32LittleEndian(header);
            var options = _proxy.Options;
            if (length > (uint)options.MaxFrameBytes)
            {
                _proxy.BadFrame();
                Close(abort: true, countAsCut: false);
                return false;
            }
            int size = 4 + (int)length;
            var buffer = ArrayPool<byte>.Shared.Rent(size);
            header.CopyTo(buffer, 0);
            if (await stream.ReadAtLeastAsync(buffer.AsMemory(4, (int)length), (int)length, throwOnEndOfStream: false, token)
                    .ConfigureAwait(false) < length) // outside the simulation: a real TCP proxy
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return true;
            }

            // Five draws per frame, whatever the options: the k-th frame's fate depends on the seed and k alone.
            double cut = random.NextDouble(), drop = random.NextDouble(), delay = random.NextDouble();
            double amount = random.NextDouble(), part = random.NextDouble();
            bool cutHere = cut < options.CutRate;
            if (!cutHere && drop < (request ? options.RequestDropRate : options.ReplyDropRate))
            {
                _proxy.Dropped(request);
                ArrayPool<byte>.Shared.Return(buffer);
                continue;
            }
            long due = 0;
            if (delay < options.DelayRate)
            {
                _proxy.Delayed();
                int milliseconds = (int)(amount * (Math.Floor(options.MaxDelay.TotalMilliseconds) + 1));
                due = TimeProvider.System.GetTimestamp() // outside the simulation: a delay in real time
                    + (long)(milliseconds * (TimeProvider.System.TimestampFrequency / 1000.0));
            }
            if (cutHere)
            {
                // Half of the cuts come before the frame, half in the middle of it (a frame cut short).
                int cutAfter = part < 0.5 ? 0 : 1 + (int)((part - 0.5) * 2 * (size - 1));
                await queue.WriteAsync(new FaultProxyFrame(buffer, size, due, cutAfter), token).ConfigureAwait(false); // outside the simulation: a real TCP proxy
                return false;
            }
            await queue.WriteAsync(new FaultProxyFrame(buffer, size, due, FaultProxyFrame.NoCut), token).ConfigureAwait(false); // outside the simulation: a real TCP proxy
        }
    }

    /// <summary>Writes the frames in order, each when it is due; returns true when all were written.</summary>
    private async Task<bool> WriteAsync(ChannelReader<FaultProxyFrame> queue, Socket to, bool request)
    {
        var token = _closing.Token;
        try
        {
            using var stream = new NetworkStream(to, ownsSocket: false);
            await foreach (var frame in queue.ReadAllAsync(token).ConfigureAwait(false)) // outside the simulation: a real TCP proxy
            {
                var wait = TimeProvider.System.GetElapsedTime(TimeProvider.System.GetTimestamp(), frame.Due); // outside the simulation: a delay in real time
                if (wait > TimeSpan.Zero) await Task.Delay(wait, token).ConfigureAwait(false); // outside the simulation: a delay in real time
                if (frame.CutAfter != FaultProxyFrame.NoCut)
                {
                    if (frame.CutAfter > 0) await stream.WriteAsync(frame.Buffer.AsMemory(0, frame.CutAfter), token).ConfigureAwait(false); // outside the simulation: a real TCP proxy
                    Close(abort: true, countAsCut: true);
                    return false;
                }
                await stream.WriteAsync(frame.Buffer.AsMemory(0, frame.Length), token).ConfigureAwait(false); // outside the simulation: the fault proxy forwards real socket bytes between real processes
                ArrayPool<byte>.Shared.Return(frame.Buffer);
                _proxy.Forwarded(request, frame.Length);
            }
            return true;
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            Close(abort: true, countAsCut: false);
            return false;
        }
    }
}
