using System.Net;

namespace LabRpc.Tests.Tcp;

public sealed class TcpTransportTests
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);

    [Test]
    public async Task RoundTripReturnsTheHandlersReply()
    {
        await using var h = new TcpHarness();
        var end = h.Client();
        var (ok, reply) = await end.End.Call<string>("TcpTestService.Echo", "hi").AsTask().WaitAsync(Limit);
        Assert.That(ok, Is.True);
        Assert.That(reply, Is.EqualTo("hi!"));
        Assert.That(end.End.Network, Is.Null);
        Assert.That(h.Served.Count, Is.EqualTo(1));
    }

    [Test]
    public async Task ManyConcurrentCallsShareOneConnection()
    {
        await using var h = new TcpHarness();
        var end = h.Client();
        var calls = Enumerable.Range(0, 500).Select(i => end.Call<int>("TcpTestService.Twice", i).AsTask()).ToArray();
        var results = await Task.WhenAll(calls).WaitAsync(Limit);
        Assert.That(results.Select(r => r.Ok), Is.All.True);
        Assert.That(results.Select(r => r.Reply), Is.EqualTo(Enumerable.Range(0, 500).Select(i => 2 * i)));
        Assert.That(end.Connections, Is.EqualTo(1));
        Assert.That(h.Server.ConnectionCount, Is.EqualTo(1));
    }

    [Test]
    public async Task SlowHandlerDoesNotDelayOthersReplies()
    {
        await using var h = new TcpHarness();
        var end = h.Client();
        var slow = end.Call<int>("TcpTestService.Slow", 7).AsTask();
        Assert.That(await TcpHarness.Eventually(() => h.Node.Invoke(() => h.Service.SlowStarted) == 1), Is.True);
        var (ok, reply) = await end.Call<string>("TcpTestService.Echo", "fast").AsTask().WaitAsync(Limit);
        Assert.That((ok, reply), Is.EqualTo((true, "fast!")));
        Assert.That(slow.IsCompleted, Is.False, "the slow call's reply came before its handler was let go");
        h.Node.Invoke(() =>
        {
            h.Service.Open();
            return true;
        });
        Assert.That(await slow.WaitAsync(Limit), Is.EqualTo(new CallResult<int>(true, 7)));
        Assert.That(end.Connections, Is.EqualTo(1));
    }

    [Test]
    public async Task CallReconnectsAfterTheServerRestartsOnTheSamePort()
    {
        var node = new RealNode("server", seed: 1);
        var served = new Server(new Service(new TcpTestService()));
        var first = new TcpServer(served, node, new TcpServerOptions { Address = IPAddress.Loopback });
        first.Start();
        int port = first.Port;
        using var end = TcpClientEnd.Connect($"127.0.0.1:{port}", new TcpClientOptions { Timeout = TimeSpan.FromSeconds(5) });
        Assert.That((await end.Call<string>("TcpTestService.Echo", "a").AsTask().WaitAsync(Limit)).Ok, Is.True);

        await first.DisposeAsync();
        var (down, _) = await end.Call<string>("TcpTestService.Echo", "b").AsTask().WaitAsync(Limit);
        Assert.That(down, Is.False, "a call while the server is down is lost, not an exception");

        await using var second = new TcpServer(served, node, new TcpServerOptions { Address = IPAddress.Loopback, Port = port });
        second.Start();
        var (ok, reply) = await end.Call<string>("TcpTestService.Echo", "c").AsTask().WaitAsync(Limit);
        Assert.That((ok, reply), Is.EqualTo((true, "c!")));
        Assert.That(end.Connections, Is.GreaterThanOrEqualTo(2));
        node.Dispose();
    }

    [Test]
    public async Task CallWithNoAnswerWithinTheTimeoutIsNotOk()
    {
        await using var h = new TcpHarness();
        var end = h.Client(new TcpClientOptions { Timeout = TimeSpan.FromMilliseconds(200) });
        var (ok, reply) = await end.Call<int>("TcpTestService.Never", 1).AsTask().WaitAsync(Limit);
        Assert.That(ok, Is.False);
        Assert.That(reply, Is.EqualTo(0));
        // The connection was quiet since the call left: it is dropped, and the next call opens a new one and is served.
        var again = await end.Call<int>("TcpTestService.Twice", 4).AsTask().WaitAsync(Limit);
        Assert.That(again, Is.EqualTo(new CallResult<int>(true, 8)));
    }

    [Test]
    public async Task CallToNoServerIsNotOk()
    {
        int port;
        await using (var h = new TcpHarness()) port = h.Server.Port;
        using var end = TcpClientEnd.Connect($"127.0.0.1:{port}");
        var (ok, _) = await end.Call<int>("TcpTestService.Twice", 1).AsTask().WaitAsync(Limit);
        Assert.That(ok, Is.False);
    }

    [Test]
    public async Task UnknownMethodThrowsAsOnTheSimulatedNetwork()
    {
        await using var h = new TcpHarness();
        var end = h.Client();
        var error = await Assert.ThrowsAsync<RpcMethodNotFoundException>(async () => await end.Call<int>("TcpTestService.Nope", 1).AsTask().WaitAsync(Limit));
        Assert.That(error!.Message, Does.Contain("no method 'TcpTestService.Nope'").And.Contain("TcpTestService.Twice(Int32) -> Int32"));
        Assert.That((await end.Call<int>("TcpTestService.Twice", 2)).Ok, Is.True, "the connection serves on");
    }

    [Test]
    public async Task WrongArgumentTypeThrowsAsOnTheSimulatedNetwork()
    {
        await using var h = new TcpHarness();
        var end = h.Client();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await end.Call<string>("TcpTestService.Echo", new TcpTestArgs(3)).AsTask().WaitAsync(Limit));
        Assert.That(error!.Message, Does.Contain("arguments of TcpTestService.Echo could not be decoded as String"));
    }

    [Test]
    public async Task HandlerThatThrowsGivesTheHandlerExceptionNamingTheMethod()
    {
        await using var h = new TcpHarness();
        var end = h.Client();
        var error = await Assert.ThrowsAsync<RpcHandlerException>(async () => await end.Call<int>("TcpTestService.Boom", 3).AsTask().WaitAsync(Limit));
        Assert.That(error!.Message, Does.Contain("TcpTestService.Boom").And.Contain("bad state 3").And.Contain("server 'server'"));
        Assert.That(error.InnerException, Is.InstanceOf<RemoteException>());
        Assert.That(((RemoteException)error.InnerException!).TypeName, Is.EqualTo(typeof(InvalidOperationException).FullName));
    }

    [Test]
    public async Task WrongReplyTypeIsADecodeErrorAsOnTheSimulatedNetwork()
    {
        await using var h = new TcpHarness();
        var end = h.Client();
        var error = await Assert.ThrowsAsync<RpcException>(async () => await end.Call<int>("TcpTestService.Echo", "x").AsTask().WaitAsync(Limit));
        Assert.That(error!.Message, Does.Contain("reply of TcpTestService.Echo could not be decoded as Int32"));
    }

    [Test]
    public async Task BeforeReplyHoldsTheReplyWhileOtherHandlersRun()
    {
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int waits = 0;
        await using var h = new TcpHarness(new TcpServerOptions
        {
            BeforeReply = async () =>
            {
                Interlocked.Increment(ref waits);
                await gate.Task;
            },
        });
        var end = h.Client();
        var first = end.Call<int>("TcpTestService.Twice", 1).AsTask();
        var second = end.Call<int>("TcpTestService.Twice", 2).AsTask();
        Assert.That(await TcpHarness.Eventually(() => Volatile.Read(ref waits) == 2), Is.True, "both handlers ran while the first reply waited");
        await Task.Delay(100);
        Assert.That(first.IsCompleted || second.IsCompleted, Is.False, "a reply left before BeforeReply completed");
        gate.SetResult();
        Assert.That(await first.WaitAsync(Limit), Is.EqualTo(new CallResult<int>(true, 2)));
        Assert.That(await second.WaitAsync(Limit), Is.EqualTo(new CallResult<int>(true, 4)));
    }

    [Test]
    public async Task BeforeReplyThatFailsLosesTheCall()
    {
        await using var h = new TcpHarness(new TcpServerOptions { BeforeReply = () => ValueTask.FromException(new IOException("disk gone")) });
        var end = h.Client();
        var (ok, _) = await end.Call<int>("TcpTestService.Twice", 1).AsTask().WaitAsync(Limit);
        Assert.That(ok, Is.False);
        Assert.That(h.Logs.Lines.Any(l => l.Text.Contains("disk gone")), Is.True);
    }

    [Test]
    public async Task ArgumentsOverTheFrameLimitAreRefusedBeforeSending()
    {
        await using var h = new TcpHarness();
        var end = h.Client(new TcpClientOptions { MaxFrameSize = 100 });
        var error = Assert.Throws<ArgumentException>(() => end.Call<string>("TcpTestService.Echo", new string('x', 200)));
        Assert.That(error!.Message, Does.Contain("frame limit of 100 bytes"));
    }

    [Test]
    public void BadAddressIsRefusedWithAnExample()
    {
        var error = Assert.Throws<ArgumentException>(() => TcpClientEnd.Connect("localhost"));
        Assert.That(error!.Message, Does.Contain("host:port"));
    }
}
