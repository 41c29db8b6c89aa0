using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace LabRpc.Tests.Tcp;

public sealed class TcpBadInputTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RandomBytesCloseOnlyTheirOwnConnections()
    {
        await using var h = new TcpHarness(new TcpServerOptions { FrameTimeout = TimeSpan.FromSeconds(2) });
        var random = new DeterministicRandom(20);
        for (int i = 0; i < 200; i++)
        {
            var bytes = new byte[1 + random.Next(64)];
            for (int b = 0; b < bytes.Length; b++) bytes[b] = (byte)random.Next(256);
            using var socket = await Raw(h);
            await socket.SendAsync(bytes);
            socket.Shutdown(SocketShutdown.Send);
            await DrainUntilClosed(socket);
        }
        Assert.That(await TcpHarness.Eventually(() => h.Server.ConnectionCount == 0), Is.True, $"{h.Server.ConnectionCount} connections open");
        Assert.That(h.Logs.Lines.Count(l => l.Level == LogLevel.Warning && l.Text.Contains("bad input")), Is.GreaterThan(100));
        var (ok, reply) = await h.Client().Call<string>("TcpTestService.Echo", "still").AsTask().WaitAsync(Limit);
        Assert.That((ok, reply), Is.EqualTo((true, "still!")));
    }

    [Test]
    public async Task TruncatedFrameClosesTheConnectionWithAWarning()
    {
        await using var h = new TcpHarness();
        using (var socket = await Raw(h))
        {
            var frame = Request(1, "TcpTestService.Twice", MessagePackCodec.Instance.Encode(5));
            await socket.SendAsync(frame.AsMemory(0, frame.Length - 3));
            socket.Shutdown(SocketShutdown.Send);
            await DrainUntilClosed(socket);
        }
        Assert.That(await TcpHarness.Eventually(() => h.Server.ConnectionCount == 0), Is.True);
        Assert.That(h.Logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Text.Contains("ended inside a frame") && l.Text.Contains("127.0.0.1")), Is.True,
            string.Join("\n", h.Logs.Lines));
        Assert.That((await h.Client().Call<int>("TcpTestService.Twice", 2).AsTask().WaitAsync(Limit)).Reply, Is.EqualTo(4));
    }

    [Test]
    public async Task LengthPrefixOfTwoGigabytesIsRefusedWithoutAllocatingIt()
    {
        await using var h = new TcpHarness();
        long before = GC.GetTotalAllocatedBytes(precise: true);
        using var socket = await Raw(h);
        var prefix = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(prefix, 0x8000_0000);
        await socket.SendAsync(prefix);
        var answer = await DrainUntilClosed(socket);
        long allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.That(allocated, Is.LessThan(256L << 20), "the server allocated the frame it was told of");
        Assert.That(answer.Length, Is.GreaterThan(4 + TcpFrames.ErrorHeaderLength));
        Assert.That(answer[4], Is.EqualTo((byte)TcpFrameKind.Error));
        Assert.That(answer[13], Is.EqualTo((byte)TcpErrorCode.BadFrame));
        Assert.That(System.Text.Encoding.UTF8.GetString(answer, 16, answer.Length - 16), Does.Contain("2147483648 bytes is over the limit"));
        Assert.That(await TcpHarness.Eventually(() => h.Server.ConnectionCount == 0), Is.True);
    }

    [Test]
    public async Task ClientSendingAByteAtATimeSlowerThanTheFrameTimeoutIsCutWhileOthersAreServed()
    {
        await using var h = new TcpHarness(new TcpServerOptions { FrameTimeout = TimeSpan.FromMilliseconds(300) });
        var good = h.Client();
        using var slow = await Raw(h);
        var frame = Request(1, "TcpTestService.Twice", MessagePackCodec.Instance.Encode(5));
        bool cut = false;
        int served = 0;
        for (int i = 0; i < frame.Length && !cut; i++)
        {
            try
            {
                await slow.SendAsync(frame.AsMemory(i, 1));
            }
            catch (SocketException)
            {
                cut = true;
                break;
            }
            var (ok, _) = await good.Call<int>("TcpTestService.Twice", i).AsTask().WaitAsync(Limit);
            if (ok) served++;
            await Task.Delay(60);
            cut = slow.Poll(0, SelectMode.SelectRead) && slow.Available == 0;
        }
        Assert.That(cut, Is.True, "the slow client's frame was waited for past the frame timeout");
        Assert.That(served, Is.GreaterThan(0));
        Assert.That(h.Logs.Lines.Any(l => l.Level == LogLevel.Warning && l.Text.Contains("did not finish arriving")), Is.True, string.Join("\n", h.Logs.Lines));
        Assert.That((await good.Call<int>("TcpTestService.Twice", 100).AsTask().WaitAsync(Limit)).Reply, Is.EqualTo(200));
    }

    [Test]
    public async Task IdleConnectionIsClosedAfterTheIdleTimeout()
    {
        await using var h = new TcpHarness(new TcpServerOptions { IdleTimeout = TimeSpan.FromMilliseconds(200) });
        var end = h.Client();
        Assert.That((await end.Call<int>("TcpTestService.Twice", 1).AsTask().WaitAsync(Limit)).Ok, Is.True);
        Assert.That(await TcpHarness.Eventually(() => h.Server.ConnectionCount == 0), Is.True);
        // A call sent before the client noticed the close is lost, as on labrpc's network; the retry connects again.
        var result = new CallResult<int>();
        for (int i = 0; i < 3 && !result.Ok; i++) result = await end.Call<int>("TcpTestService.Twice", 2).AsTask().WaitAsync(Limit);
        Assert.That(result, Is.EqualTo(new CallResult<int>(true, 4)));
        Assert.That(end.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task ConnectionsBeyondTheLimitAreRefused()
    {
        await using var h = new TcpHarness(new TcpServerOptions { MaxConnections = 2 });
        using var a = await Raw(h);
        using var b = await Raw(h);
        Assert.That(await TcpHarness.Eventually(() => h.Server.ConnectionCount == 2), Is.True);
        using var c = await Raw(h);
        var answer = await DrainUntilClosed(c);
        Assert.That(answer.Length, Is.GreaterThan(4 + TcpFrames.ErrorHeaderLength));
        Assert.That(System.Text.Encoding.UTF8.GetString(answer, 16, answer.Length - 16), Does.Contain("limit of 2 connections"));
        Assert.That(h.Server.Refused, Is.EqualTo(1));
    }

    [Test]
    public async Task ClientThatNeverReadsStopsBeingReadAtTheInFlightLimit()
    {
        await using var h = new TcpHarness(new TcpServerOptions { MaxCallsInFlightPerConnection = 4 });
        using var socket = await Raw(h);
        var frames = Enumerable.Range(1, 20).SelectMany(i => Request(i, "TcpTestService.Slow", MessagePackCodec.Instance.Encode(i))).ToArray();
        await socket.SendAsync(frames);
        Assert.That(await TcpHarness.Eventually(() => h.Node.Invoke(() => h.Service.SlowStarted) == 4), Is.True);
        await Task.Delay(100);
        Assert.That(h.Node.Invoke(() => h.Service.SlowStarted), Is.EqualTo(4), "requests past the limit were read while four were in flight");
        h.Node.Invoke(() =>
        {
            h.Service.Open();
            return true;
        });
        Assert.That(await TcpHarness.Eventually(() => h.Node.Invoke(() => h.Service.SlowStarted) == 20), Is.True);
    }

    private static async Task<Socket> Raw(TcpHarness h)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, h.Server.Port);
        return socket;
    }

    /// <summary>Everything the server sends until it closes the connection (at most 10 s).</summary>
    private static async Task<byte[]> DrainUntilClosed(Socket socket)
    {
        var received = new List<byte>();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(Limit);
        try
        {
            while (true)
            {
                int n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token);
                if (n == 0) break;
                received.AddRange(buffer.AsSpan(0, n));
            }
        }
        catch (SocketException)
        {
            // reset by the server: closed
        }
        return [.. received];
    }

    private static byte[] Request(long id, string method, byte[] args)
    {
        int methodBytes = System.Text.Encoding.UTF8.GetByteCount(method);
        var frame = new byte[TcpFrames.RequestSize(methodBytes, args.Length)];
        TcpFrames.WriteRequest(frame, id, method, methodBytes, args);
        return frame;
    }
}
