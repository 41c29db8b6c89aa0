using System.Collections.Immutable;

namespace LabRpc.Tests.Networking;

public sealed class FaultProfileTests
{
    [Test]
    public void ReliableSwitchSetsLabrpcsNumbers()
    {
        using var f = new NetworkFixture();
        Assert.That(f.Net.Reliable, Is.True);
        f.Net.Reliable = false;
        Assert.That(f.Net.Faults.MaxRequestDelay, Is.EqualTo(TimeSpan.FromMilliseconds(26)));
        Assert.That((f.Net.Faults.RequestDropRate, f.Net.Faults.ReplyDropRate), Is.EqualTo((0.1, 0.1)));
        f.Net.Reliable = true;
        Assert.That(f.Net.Faults, Is.EqualTo(FaultProfile.Reliable));
    }

    [Test]
    public void UnreliableRequestsWaitAtMostTwentySixMilliseconds()
    {
        using var f = new NetworkFixture(5);
        f.Net.Faults = FaultProfile.Unreliable with { RequestDropRate = 0, ReplyDropRate = 0 };
        var end = f.End("e");
        var took = new List<TimeSpan>();
        f.Sim.Run(async () =>
        {
            for (int i = 0; i < 500; i++)
            {
                var before = f.Sim.Elapsed;
                var (ok, _) = await end.Call<string>("JunkServer.Handler2", i);
                Assert.That(ok, Is.True);
                took.Add(f.Sim.Elapsed - before);
            }
        });
        Assert.That(took.Max(), Is.EqualTo(TimeSpan.FromMilliseconds(26)));
        Assert.That(took.Min(), Is.EqualTo(TimeSpan.Zero));
    }

    [Test]
    public void DuplicatedRequestsRunTheHandlerTwiceButReplyOnce()
    {
        using var f = new NetworkFixture(3);
        f.Net.Faults = FaultProfile.Reliable with { DuplicateRate = 1.0 };
        var end = f.End("e");
        var (ok, reply) = f.Sim.Run(async () =>
        {
            var result = await end.Call<string>("JunkServer.Handler2", 9);
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
            return result;
        });
        Assert.That((ok, reply), Is.EqualTo((true, "handler2-9")));
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 9, 9 }));
        Assert.That(f.Net.Duplicates, Is.EqualTo(1));
        Assert.That(f.Net.GetCount("server"), Is.EqualTo(2));
    }

    [Test]
    public void AHeldBackDuplicateArrivesAfterTheClientsLaterRequests()
    {
        using var f = new NetworkFixture(3);
        var end = f.End("e");
        f.Sim.Run(async () =>
        {
            f.Net.Faults = FaultProfile.Reliable with { DuplicateRate = 1.0, MaxDuplicateDelay = TimeSpan.FromSeconds(1) };
            Assert.That((await end.Call<string>("JunkServer.Handler2", 1)).Ok, Is.True);
            f.Net.Faults = FaultProfile.Reliable;
            for (int i = 2; i <= 4; i++) Assert.That((await end.Call<string>("JunkServer.Handler2", i)).Ok, Is.True);
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
        });
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 1, 2, 3, 4, 1 }), "the copy of request 1 comes after requests 2 to 4");
    }

    [Test]
    public void IsolatedEndCannotReachTheServerUntilHealed()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        f.Sim.Run(async () =>
        {
            f.Net.Isolate("e", true);
            Assert.That((await end.Call<string>("JunkServer.Handler2", 1)).Ok, Is.False);
            f.Net.Isolate("e", false);
            Assert.That((await end.Call<string>("JunkServer.Handler2", 2)).Ok, Is.True);
            f.Net.Isolate("server", true);
            Assert.That((await end.Call<string>("JunkServer.Handler2", 3)).Ok, Is.False);
        });
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 2 }));
        Assert.That(f.Net.Faults.Isolated, Is.EqualTo(ImmutableHashSet.Create("server")));
    }

    [Test]
    public void LongReorderingHoldsBackAboutTwoRepliesInThree()
    {
        using var f = new NetworkFixture(11);
        f.Net.LongReordering = true;
        var end = f.End("e");
        int held = 0;
        const int calls = 600;
        f.Sim.Run(async () =>
        {
            for (int i = 0; i < calls; i++)
            {
                var before = f.Sim.Elapsed;
                var (ok, _) = await end.Call<string>("JunkServer.Handler2", i);
                Assert.That(ok, Is.True);
                var took = f.Sim.Elapsed - before;
                if (took > TimeSpan.Zero)
                {
                    Assert.That(took, Is.InRange(TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(2200)));
                    held++;
                }
            }
        });
        // p = 2/3, n = 600: sd = 0.019; five of them is 0.096.
        Assert.That(held / (double)calls, Is.InRange(2.0 / 3 - 0.096, 2.0 / 3 + 0.096));
    }

    [Test]
    public void LongReorderingLetsALaterReplyOvertakeAnEarlierOne()
    {
        using var f = new NetworkFixture(2);
        f.Net.LongReordering = true;
        var order = new List<int>();
        f.Sim.Run(async () =>
        {
            var calls = Enumerable.Range(0, 20).Select(i =>
            {
                var end = f.End("e" + i);
                return f.Sim.Spawn(async () =>
                {
                    await end.Call<string>("JunkServer.Handler2", i);
                    order.Add(i);
                });
            }).ToList();
            await Task.WhenAll(calls);
        });
        Assert.That(order, Is.Not.Ordered);
    }
}
