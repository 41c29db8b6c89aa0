using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Threading.Channels;

namespace LabRpc.Tests.Tcp;

/// <summary>
/// The fault-injecting TCP proxy, on 127.0.0.1 with a small echo server that speaks the same framing (a 4-byte
/// little-endian length, then the body). Real sockets and real time: every wait has a limit, so a broken proxy fails
/// a test instead of hanging it.
/// </summary>
public sealed class FaultProxyTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task FramesPassThroughUnchangedAndInOrder()
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint);
        var random = new DeterministicRandom(3);
        // Three connections at once, each with its own frames: sizes from empty to several TCP segments.
        var sent = Enumerable.Range(0, 3)
            .Select(_ => Enumerable.Range(0, 60).Select(i => Bytes(random, i == 0 ? 0 : random.Next(1, 70_000))).ToList())
            .ToList();
        var received = await Task.WhenAll(sent.Select(async frames =>
        {
            using var client = await ConnectAsync(proxy);
            var writing = WriteFramesAsync(client, frames);
            var echoes = new List<byte[]>();
            for (int i = 0; i < frames.Count; i++) echoes.Add(await ReadFrameAsync(client) ?? throw new AssertionException($"the connection ended after {i} echoes"));
            await writing;
            return echoes;
        }));

        for (int c = 0; c < sent.Count; c++)
            for (int i = 0; i < sent[c].Count; i++)
                Assert.That(received[c][i].AsSpan().SequenceEqual(sent[c][i]), Is.True,
                    $"connection {c}, frame {i}: {received[c][i].Length} bytes came back for {sent[c][i].Length} sent, or other bytes");
        long bytes = 2 * sent.Sum(frames => frames.Sum(f => 4L + f.Length));
        await Eventually(() => proxy.Counts.FramesForwarded == 360, proxy);
        Assert.That(proxy.Counts, Is.EqualTo(new FaultProxyCounts { Accepted = 3, RequestsForwarded = 180, RepliesForwarded = 180, BytesForwarded = bytes }));
    }

    [Test]
    public async Task RequestDropRateOneDeliversNoRequest()
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint, new FaultProxyOptions { RequestDropRate = 1 });
        using var client = await ConnectAsync(proxy);
        await WriteFramesAsync(client, Enumerable.Range(0, 20).Select(i => new byte[] { (byte)i, 1, 2 }));
        await Eventually(() => proxy.Counts.RequestsDropped == 20, proxy);
        client.Shutdown(SocketShutdown.Send);

        var ended = await server.NextEndedAsync();
        Assert.That(ended.Frames, Is.Zero, "frames the server received");
        Assert.That(await ReadFrameAsync(client), Is.Null, "the client gets no reply, then the end of the stream");
        Assert.That(proxy.Counts with { RequestsDropped = 0 }, Is.EqualTo(new FaultProxyCounts { Accepted = 1 }));
    }

    [Test]
    public async Task ReplyDropRateOneDeliversNoReply()
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint, new FaultProxyOptions { ReplyDropRate = 1 });
        using var client = await ConnectAsync(proxy);
        await WriteFramesAsync(client, Enumerable.Range(0, 20).Select(i => new byte[] { (byte)i, 1, 2 }));
        await Eventually(() => proxy.Counts.RepliesDropped == 20, proxy);
        client.Shutdown(SocketShutdown.Send);

        var ended = await server.NextEndedAsync();
        Assert.That(ended.Frames, Is.EqualTo(20), "frames the server received");
        Assert.That(await ReadFrameAsync(client), Is.Null, "the client gets no reply, then the end of the stream");
        await Eventually(() => proxy.Counts.RequestsForwarded == 20, proxy); // counted once its write has completed
        Assert.That(proxy.Counts, Is.EqualTo(new FaultProxyCounts { Accepted = 1, RequestsForwarded = 20, RepliesDropped = 20, BytesForwarded = 20 * 7 }));
    }

    [Test]
    public async Task DropsFollowTheSeed()
    {
        // The k-th frame's fate is fixed by the seed: two proxies with one seed drop the same frames.
        var runs = new List<int[]>();
        foreach (ulong seed in new ulong[] { 7, 7, 8 })
        {
            await using var server = new EchoServer();
            await using var proxy = new FaultProxy(server.EndPoint, new FaultProxyOptions { Seed = seed, RequestDropRate = 0.5 });
            using var client = await ConnectAsync(proxy);
            await WriteFramesAsync(client, Enumerable.Range(0, 40).Select(i => new byte[] { (byte)i }));
            client.Shutdown(SocketShutdown.Send);
            var echoes = new List<int>();
            while (await ReadFrameAsync(client) is { } echo) echoes.Add(echo[0]);
            runs.Add([.. echoes]);
        }
        Assert.That(runs[0], Has.Length.InRange(5, 35), "about half of the frames are dropped");
        Assert.That(runs[0], Is.Ordered.Ascending);
        Assert.That(runs[1], Is.EqualTo(runs[0]), "the same seed drops the same frames");
        Assert.That(runs[2], Is.Not.EqualTo(runs[0]), "another seed drops others");
    }

    [Test]
    public async Task CutClosesBothSides()
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint);
        using var client = await ConnectAsync(proxy);
        await WriteFramesAsync(client, [[1, 2, 3]]);
        Assert.That(await ReadFrameAsync(client), Is.EqualTo(new byte[] { 1, 2, 3 }));

        Assert.That(proxy.CutAll(), Is.EqualTo(1));
        var ended = await server.NextEndedAsync();
        Assert.That(ended.Frames, Is.EqualTo(1), "the server's side ended");
        Assert.That(await EndsAsync(client), Is.True, "the client's side ended");
        await Eventually(() => proxy.OpenConnections == 0, proxy);
        Assert.That(proxy.Counts.Cut, Is.EqualTo(1));
        Assert.That(proxy.CutAll(), Is.Zero, "nothing is left to cut");
    }

    [Test]
    public async Task CutRateOneCutsAtTheFirstFrame()
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint, new FaultProxyOptions { CutRate = 1 });
        for (int i = 0; i < 4; i++)
        {
            using var client = await ConnectAsync(proxy);
            await WriteFramesAsync(client, [new byte[1000]]);
            var ended = await server.NextEndedAsync();
            Assert.That(ended.Frames, Is.Zero, "no frame reached the server whole");
            Assert.That(ended.Bytes, Is.LessThan(1004), "at most a part of the frame reached the server");
            Assert.That(await EndsAsync(client), Is.True, "the client's side ended");
        }
        await Eventually(() => proxy.Counts.Cut == 4, proxy);
        Assert.That(proxy.Counts, Is.EqualTo(new FaultProxyCounts { Accepted = 4, Cut = 4 }));
    }

    [Test]
    public async Task PartitionRefusesAndCutsAndHealingLetsNewConnectionsThrough()
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint);
        using var before = await ConnectAsync(proxy);
        await WriteFramesAsync(before, [[1]]);
        Assert.That(await ReadFrameAsync(before), Is.EqualTo(new byte[] { 1 }));

        proxy.Partitioned = true;
        Assert.That(await EndsAsync(before), Is.True, "an open connection is cut");
        Assert.That((await server.NextEndedAsync()).Frames, Is.EqualTo(1));
        for (int i = 0; i < 3; i++) Assert.That(await RefusedAsync(proxy), Is.True, $"new connection {i} is refused");
        Assert.That(server.Accepted, Is.EqualTo(1), "no connection reached the server while partitioned");

        proxy.Partitioned = false;
        using var after = await ConnectAsync(proxy);
        await WriteFramesAsync(after, [[2]]);
        Assert.That(await ReadFrameAsync(after), Is.EqualTo(new byte[] { 2 }));
        // A frame is counted once its write has completed: maybe after the other side read it, and answered.
        await Eventually(() => proxy.Counts.FramesForwarded == 4, proxy);
        Assert.That(proxy.Counts with { BytesForwarded = 0 },
            Is.EqualTo(new FaultProxyCounts { Accepted = 2, Refused = 3, Cut = 1, RequestsForwarded = 2, RepliesForwarded = 2 }));
    }

    [Test]
    public async Task DelaysKeepTheOrder()
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint,
            new FaultProxyOptions { DelayRate = 1, MaxDelay = TimeSpan.FromMilliseconds(20), Seed = 5 });
        using var client = await ConnectAsync(proxy);
        var writing = WriteFramesAsync(client, Enumerable.Range(0, 50).Select(i => BitConverter.GetBytes(i)));
        var order = new List<int>();
        for (int i = 0; i < 50; i++) order.Add(BitConverter.ToInt32(await ReadFrameAsync(client) ?? throw new AssertionException($"ended after {i} echoes")));
        await writing;
        Assert.That(order, Is.EqualTo(Enumerable.Range(0, 50)));
        await Eventually(() => proxy.Counts.FramesForwarded == 100, proxy);
        Assert.That(proxy.Counts.FramesDelayed, Is.EqualTo(100), "every frame, both ways, was delayed");
    }

    [Test]
    public async Task FrameSplitAcrossManyWritesIsForwardedWhole()
    {
        using var listener = Listen();
        await using var proxy = new FaultProxy(listener.LocalEndPoint!);
        using var client = await ConnectAsync(proxy);
        using var server = await listener.AcceptAsync().WaitAsync(Limit);

        var frame = Frame(Bytes(new DeterministicRandom(9), 3000));
        // The length prefix a byte at a time, then the body in pieces; all but the last byte.
        var pieces = Enumerable.Range(0, 4).Select(i => (Start: i, Length: 1))
            .Concat(Enumerable.Range(0, 30).Select(i => (Start: 4 + i * 100, Length: i == 29 ? 99 : 100)))
            .ToList();
        foreach (var (start, length) in pieces)
        {
            await client.SendAsync(frame.AsMemory(start, length));
            await Task.Delay(1);
        }
        Assert.That(server.Poll(TimeSpan.FromMilliseconds(100), SelectMode.SelectRead), Is.False,
            "nothing reaches the server before the frame is whole");

        await client.SendAsync(frame.AsMemory(frame.Length - 1));
        var arrived = new byte[frame.Length];
        int got = await server.ReceiveAsync(arrived.AsMemory()).AsTask().WaitAsync(Limit);
        while (got < frame.Length)
        {
            int more = await server.ReceiveAsync(arrived.AsMemory(got)).AsTask().WaitAsync(Limit);
            if (more == 0) break;
            got += more;
        }
        Assert.That(got, Is.EqualTo(frame.Length));
        Assert.That(arrived.AsSpan().SequenceEqual(frame), Is.True, "the frame arrived as it was sent");
        await Eventually(() => proxy.Counts.RequestsForwarded == 1, proxy);
        Assert.That(proxy.Counts.BytesForwarded, Is.EqualTo(frame.Length));
    }

    [TestCase(1001u)]
    [TestCase(0x8000_0000u)]
    [TestCase(uint.MaxValue)]
    public async Task LengthPrefixOverTheLimitCutsTheConnection(uint length)
    {
        await using var server = new EchoServer();
        await using var proxy = new FaultProxy(server.EndPoint, new FaultProxyOptions { MaxFrameBytes = 1000 });
        using var client = await ConnectAsync(proxy);
        await WriteFramesAsync(client, [new byte[1000]]);
        Assert.That(await ReadFrameAsync(client), Has.Length.EqualTo(1000), "a frame at the limit passes");

        var header = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(header, length);
        await client.SendAsync(header);
        Assert.That(await EndsAsync(client), Is.True, "the client's side is cut");
        Assert.That((await server.NextEndedAsync()).Frames, Is.EqualTo(1), "the server's side is cut");
        await Eventually(() => proxy.OpenConnections == 0, proxy);
        Assert.That(proxy.Counts with { BytesForwarded = 0 },
            Is.EqualTo(new FaultProxyCounts { Accepted = 1, BadFrames = 1, RequestsForwarded = 1, RepliesForwarded = 1 }));
    }

    [Test]
    public async Task UnreachableServerClosesTheClient()
    {
        EndPoint nowhere;
        using (var closed = Listen()) nowhere = closed.LocalEndPoint!;
        await using var proxy = new FaultProxy(nowhere);
        Assert.That(await RefusedAsync(proxy), Is.True, "the client's connection is reset");
        await Eventually(() => proxy.Counts.TargetUnreachable == 1, proxy);
        Assert.That(proxy.OpenConnections, Is.Zero);
    }

    [Test]
    public void OptionsOutOfRangeAreRefusedWithTheirName()
    {
        var target = new IPEndPoint(IPAddress.Loopback, 1);
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new FaultProxy(target, new FaultProxyOptions { RequestDropRate = 1.5 }).Dispose());
        Assert.That(e!.Message, Does.Contain("RequestDropRate"));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultProxy(target, new FaultProxyOptions { CutRate = double.NaN }).Dispose());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultProxy(target, new FaultProxyOptions { MaxDelay = TimeSpan.FromMilliseconds(-1) }).Dispose());
        Assert.Throws<ArgumentOutOfRangeException>(() => new FaultProxy(target, new FaultProxyOptions { MaxFrameBytes = 0 }).Dispose());
        using var proxy = new FaultProxy(target);
        Assert.Throws<ArgumentOutOfRangeException>(() => proxy.Options = proxy.Options with { DelayRate = -0.1 });
        Assert.That(proxy.Options.DelayRate, Is.Zero, "a refused change leaves the options as they were");
    }

    private static Socket Listen()
    {
        var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(16);
        return listener;
    }

    private static async Task<Socket> ConnectAsync(FaultProxy proxy)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        await socket.ConnectAsync(proxy.EndPoint).WaitAsync(Limit);
        return socket;
    }

    /// <summary>True when a new connection fails at once: the connect itself, or its first read.</summary>
    private static async Task<bool> RefusedAsync(FaultProxy proxy)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try { await socket.ConnectAsync(proxy.EndPoint).WaitAsync(Limit); }
        catch (SocketException) { return true; }
        return await EndsAsync(socket);
    }

    private static byte[] Bytes(DeterministicRandom random, int length)
    {
        var bytes = new byte[length];
        for (int i = 0; i < length; i++) bytes[i] = (byte)random.Next(256);
        return bytes;
    }

    private static byte[] Frame(byte[] body)
    {
        var frame = new byte[4 + body.Length];
        BinaryPrimitives.WriteInt32LittleEndian(frame, body.Length);
        body.CopyTo(frame, 4);
        return frame;
    }

    private static async Task WriteFramesAsync(Socket socket, IEnumerable<byte[]> bodies)
    {
        foreach (var body in bodies)
        {
            var frame = Frame(body);
            for (int sent = 0; sent < frame.Length;)
                sent += await socket.SendAsync(frame.AsMemory(sent)).AsTask().WaitAsync(Limit);
        }
    }

    /// <summary>The next frame's body; null when the stream ends (cleanly, or reset) before a whole frame.</summary>
    private static async Task<byte[]?> ReadFrameAsync(Socket socket)
    {
        var header = new byte[4];
        if (!await ReadExactlyAsync(socket, header)) return null;
        var body = new byte[BinaryPrimitives.ReadInt32LittleEndian(header)];
        return await ReadExactlyAsync(socket, body) ? body : null;
    }

    private static async Task<bool> ReadExactlyAsync(Socket socket, Memory<byte> buffer)
    {
        using var limit = new CancellationTokenSource(Limit);
        try
        {
            for (int got = 0; got < buffer.Length;)
            {
                int n = await socket.ReceiveAsync(buffer[got..], limit.Token);
                if (n == 0) return false;
                got += n;
            }
            return true;
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionReset)
        {
            return false;
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"nothing more arrived within {Limit.TotalSeconds} s");
        }
    }

    /// <summary>True when the socket's stream ends (an orderly close or a reset) before anything more arrives.</summary>
    private static async Task<bool> EndsAsync(Socket socket)
    {
        var one = new byte[1];
        return !await ReadExactlyAsync(socket, one);
    }

    private static async Task Eventually(Func<bool> condition, FaultProxy proxy)
    {
        using var limit = new CancellationTokenSource(Limit);
        while (!condition())
        {
            if (limit.IsCancellationRequested) Assert.Fail($"not so within {Limit.TotalSeconds} s: {proxy.Counts}");
            await Task.Delay(2);
        }
    }

    /// <summary>A connection of the echo server that has ended: the whole frames and the bytes it received.</summary>
    private sealed record Ended(int Frames, long Bytes);

    /// <summary>Echoes every frame back on its connection; reports each connection when it ends.</summary>
    private sealed class EchoServer : IAsyncDisposable
    {
        private readonly Socket _listener = Listen();
        private readonly Channel<Ended> _ended = Channel.CreateUnbounded<Ended>();
        private readonly List<Task> _connections = [];
        private readonly Task _accepting;
        private int _accepted;

        public EchoServer() => _accepting = AcceptAsync();

        public EndPoint EndPoint => _listener.LocalEndPoint!;

        public int Accepted => Volatile.Read(ref _accepted);

        public async Task<Ended> NextEndedAsync()
        {
            using var limit = new CancellationTokenSource(Limit);
            try { return await _ended.Reader.ReadAsync(limit.Token); }
            catch (OperationCanceledException) { throw new AssertionException($"no connection of the echo server ended within {Limit.TotalSeconds} s"); }
        }

        public async ValueTask DisposeAsync()
        {
            _listener.Dispose();
            await _accepting;
            Task[] open;
            lock (_connections) open = [.. _connections];
            await Task.WhenAll(open).WaitAsync(Limit);
        }

        private async Task AcceptAsync()
        {
            while (true)
            {
                Socket socket;
                try { socket = await _listener.AcceptAsync(); }
                catch (Exception e) when (e is SocketException or ObjectDisposedException) { return; }
                Interlocked.Increment(ref _accepted);
                socket.NoDelay = true;
                lock (_connections) _connections.Add(EchoAsync(socket));
            }
        }

        private async Task EchoAsync(Socket socket)
        {
            int frames = 0;
            long bytes = 0;
            using (socket)
            {
                try
                {
                    var header = new byte[4];
                    while (true)
                    {
                        int got = await ReceiveAsync(socket, header);
                        bytes += got;
                        if (got < 4) break;
                        var frame = new byte[4 + BinaryPrimitives.ReadInt32LittleEndian(header)];
                        header.CopyTo(frame, 0);
                        got = await ReceiveAsync(socket, frame.AsMemory(4));
                        bytes += got;
                        if (got < frame.Length - 4) break;
                        frames++;
                        for (int sent = 0; sent < frame.Length;) sent += await socket.SendAsync(frame.AsMemory(sent));
                    }
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                }
            }
            _ended.Writer.TryWrite(new Ended(frames, bytes));
        }

        /// <summary>Fills the buffer; returns how much arrived before the stream ended.</summary>
        private static async Task<int> ReceiveAsync(Socket socket, Memory<byte> buffer)
        {
            int got = 0;
            while (got < buffer.Length)
            {
                int n = await socket.ReceiveAsync(buffer[got..]);
                if (n == 0) break;
                got += n;
            }
            return got;
        }
    }
}
