namespace LabRpc.Tests.Networking;

/// <summary>The behaviours of labrpc's own test_test.go, in our form.</summary>
public sealed class LabrpcParityTests
{
    [Test]
    public void BasicCallReturnsTheHandlersReply()
    {
        using var f = new NetworkFixture();
        var end = f.End("end1-99");
        var (ok, reply) = f.Sim.Run(() => end.Call<string>("JunkServer.Handler2", 111).AsTask());
        Assert.That(ok, Is.True);
        Assert.That(reply, Is.EqualTo("handler2-111"));
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 111 }));
    }

    [Test]
    public void RecordArgumentsAndRepliesCrossTheNetwork()
    {
        using var f = new NetworkFixture();
        var end = f.End("end1-99");
        var result = f.Sim.Run(() => end.Call<JunkReply>("JunkServer.Handler4", new JunkArgs(7)).AsTask());
        Assert.That(result, Is.EqualTo(new CallResult<JunkReply>(true, new JunkReply("pointer"))));
    }

    [Test]
    public void DisconnectedOrDisabledEndFails()
    {
        using var f = new NetworkFixture();
        var end = f.Net.MakeEnd("end1-99");
        f.Net.Connect("end1-99", "server");
        f.Sim.Run(async () =>
        {
            var (ok, _) = await end.Call<int>("JunkServer.Handler1", "7");
            Assert.That(ok, Is.False, "a disabled end must fail");
            Assert.That(f.Junk.Log1, Is.Empty);

            f.Net.Enable("end1-99", true);
            var (ok2, reply) = await end.Call<int>("JunkServer.Handler1", "8");
            Assert.That(ok2, Is.True);
            Assert.That(reply, Is.EqualTo(8));
            Assert.That(f.Junk.Log1, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public void EndConnectedToNoServerFailsWithinLabrpcsTimeout()
    {
        using var f = new NetworkFixture();
        var end = f.Net.MakeEnd("lonely");
        f.Net.Connect("lonely", "nobody");
        f.Net.Enable("lonely", true);
        f.Sim.Run(async () =>
        {
            for (int i = 0; i < 50; i++)
            {
                var before = f.Sim.Elapsed;
                var (ok, _) = await end.Call<int>("JunkServer.Handler1", "1");
                Assert.That(ok, Is.False);
                Assert.That(f.Sim.Elapsed - before, Is.LessThan(TimeSpan.FromMilliseconds(100)));
            }
        });
    }

    [Test]
    public void CountsCallsPerServerAndInTotal()
    {
        using var f = new NetworkFixture();
        var end = f.End("end1-99");
        f.Sim.Run(async () =>
        {
            for (int i = 0; i < 17; i++)
            {
                var (ok, reply) = await end.Call<string>("JunkServer.Handler2", i);
                Assert.That(ok && reply == "handler2-" + i, Is.True);
            }
        });
        Assert.That(f.Net.GetCount("server"), Is.EqualTo(17));
        Assert.That(f.Net.TotalCount, Is.EqualTo(17));
    }

    [Test]
    public void CountsRequestAndReplyBytes()
    {
        using var f = new NetworkFixture();
        var end = f.End("end1-99");
        var codec = f.Net.Codec;
        string big = new('x', 5000);
        long expected = 0;
        f.Sim.Run(async () =>
        {
            for (int i = 0; i < 10; i++)
            {
                var (ok, _) = await end.Call<int>("JunkServer.Handler6", big);
                Assert.That(ok, Is.True);
                expected += codec.Encode(big).Length + codec.Encode(5000).Length;
            }
            Assert.That(f.Net.TotalBytes, Is.EqualTo(expected));
            Assert.That(f.Net.TotalBytes, Is.GreaterThan(50_000));

            long before = f.Net.TotalBytes;
            for (int i = 0; i < 10; i++)
            {
                var (ok, reply) = await end.Call<string>("JunkServer.Handler7", 5000);
                Assert.That(ok && reply!.Length == 5000, Is.True);
            }
            long grew = f.Net.TotalBytes - before;
            Assert.That(grew, Is.EqualTo(10L * (codec.Encode(5000).Length + codec.Encode(new string('y', 5000)).Length)));
        });
    }

    [Test]
    public void RequestBytesCountEvenWhenTheEndIsDisabled()
    {
        using var f = new NetworkFixture();
        var end = f.Net.MakeEnd("off");
        f.Net.Connect("off", "server");
        f.Sim.Run(async () => await end.Call<int>("JunkServer.Handler6", "abc"));
        Assert.That(f.Net.TotalCount, Is.EqualTo(1));
        Assert.That(f.Net.TotalBytes, Is.EqualTo(f.Net.Codec.Encode("abc").Length));
        Assert.That(f.Net.GetCount("server"), Is.Zero);
    }

    [Test]
    public void ManyConcurrentClientsAllGetTheirOwnReplies()
    {
        using var f = new NetworkFixture();
        const int clients = 20, calls = 10;
        int total = 0;
        f.RunClients(clients, calls, (arg, result) =>
        {
            Assert.That(result, Is.EqualTo(new CallResult<string>(true, "handler2-" + arg)));
            total++;
        });
        Assert.That(total, Is.EqualTo(clients * calls));
        Assert.That(f.Net.GetCount("server"), Is.EqualTo(clients * calls));
    }

    [Test]
    public void UnreliableNetworkDeliversAboutEightyOnePercent()
    {
        double first = SuccessFraction(seed: 42);
        // 10 % of requests and 10 % of replies lost: 0.9 * 0.9 = 0.81. With n = 4000 the standard deviation
        // is 0.0062; five of them is 0.031.
        Assert.That(first, Is.InRange(0.81 - 0.031, 0.81 + 0.031));
        Assert.That(SuccessFraction(seed: 42), Is.EqualTo(first), "one seed, one figure");
        Assert.That(SuccessFraction(seed: 43), Is.InRange(0.81 - 0.031, 0.81 + 0.031));
    }

    private static double SuccessFraction(ulong seed)
    {
        using var f = new NetworkFixture(seed);
        f.Net.Reliable = false;
        const int clients = 400, calls = 10;
        int succeeded = 0;
        f.RunClients(clients, calls, (arg, result) =>
        {
            if (!result.Ok) return;
            Assert.That(result.Reply, Is.EqualTo("handler2-" + arg));
            succeeded++;
        });
        return succeeded / (double)(clients * calls);
    }

    [Test]
    public void ServerDeletedWhileACallIsInFlightFailsTheCall()
    {
        using var f = new NetworkFixture();
        var end = f.End("end1-99");
        f.Sim.Run(async () =>
        {
            var call = end.Call<int>("JunkServer.Handler3", 99).AsTask();
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
            Assert.That(call.IsCompleted, Is.False, "Handler3 should not have returned yet");
            f.Net.DeleteServer("server");
            await f.Sim.Delay(TimeSpan.FromMilliseconds(100));
            Assert.That(call.IsCompleted, Is.True, "Handler3 should return after DeleteServer()");
            Assert.That((await call).Ok, Is.False, "Handler3 returned successfully despite DeleteServer()");
            // The handler itself finishes 20 s in; its reply must still never arrive.
            await f.Sim.Delay(TimeSpan.FromSeconds(30));
        });
    }

    [Test]
    public void ReplyFromAReplacedServerIsNotDelivered()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        f.Sim.Run(async () =>
        {
            var call = end.Call<int>("JunkServer.Handler3", 5).AsTask();
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
            var fresh = new Server();
            fresh.AddService(new Service(new JunkServer(f.Sim)));
            f.Net.AddServer("server", fresh, f.ServerNode);
            var (ok, _) = await call;
            Assert.That(ok, Is.False);
            Assert.That(f.Sim.Elapsed, Is.LessThan(TimeSpan.FromSeconds(2)));
        });
    }

    [Test]
    public void DisablingAnEndFailsItsCallInFlight()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        f.Sim.Run(async () =>
        {
            var call = end.Call<int>("JunkServer.Handler3", 5).AsTask();
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
            f.Net.Enable("e", false);
            var (ok, _) = await call;
            Assert.That(ok, Is.False);
            Assert.That(f.Sim.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(1)));
        });
    }
}
