namespace LabRpc.Tests.Networking;

/// <summary>Faults per link — a pair of nodes, each direction: partitions, holds and a link's own rates.</summary>
public sealed class LinkFaultTests
{
    private const string Method = "JunkServer.Handler2";

    [Test]
    public void OneWayPartitionFromServerLetsRequestsThroughButLosesReplies()
    {
        using var f = new NetworkFixture();
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        f.Net.Partition(f.ServerNode, client, oneWay: true);
        var ok = RunOn(f, client, async () => (await end.Call<string>(Method, 1)).Ok);
        Assert.That(ok, Is.False, "the reply cannot cross");
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 1 }), "the request crossed and the handler ran");
        Assert.That(f.Net.IsPartitioned(f.ServerNode, client) && !f.Net.IsPartitioned(client, f.ServerNode), Is.True);
    }

    [Test]
    public void OneWayPartitionFromClientLosesRequestsBeforeTheHandler()
    {
        using var f = new NetworkFixture();
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        f.Net.Partition(client, f.ServerNode, oneWay: true);
        var ok = RunOn(f, client, async () => (await end.Call<string>(Method, 1)).Ok);
        Assert.That(ok, Is.False);
        Assert.That(f.Junk.Log2, Is.Empty, "the request never crossed");
        Assert.That(f.Net.GetCount("server"), Is.Zero);
    }

    [Test]
    public void PartitionBothWaysCutsTheLinkAndHealRestoresIt()
    {
        using var f = new NetworkFixture();
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        var outcomes = RunOn(f, client, async () =>
        {
            f.Net.Partition("client", "server");
            bool cut = (await end.Call<string>(Method, 1)).Ok;
            f.Net.Heal("server", "client");
            bool healed = (await end.Call<string>(Method, 2)).Ok;
            return (cut, healed);
        });
        Assert.That(outcomes, Is.EqualTo((false, true)));
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 2 }));
        Assert.That(f.Net.IsPartitioned(client, f.ServerNode) || f.Net.IsPartitioned(f.ServerNode, client), Is.False);
    }

    [Test]
    public void CallsFromTheMainNodeAreOnTheMainNodesLink()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        f.Net.Partition(f.Sim.MainNode, f.ServerNode);
        var ok = f.Sim.Run(async () => (await end.Call<string>(Method, 1)).Ok);
        Assert.That(ok, Is.False, "the end belongs to the node that calls through it: here the main node");
    }

    [Test]
    public void PartitionBetweenTwoServersLeavesTheClientsLinksHealthy()
    {
        using var sim = new Simulation(3);
        using var net = new Network(sim);
        var (junkA, junkB) = (new JunkServer(sim), new JunkServer(sim));
        var (nodeA, nodeB, client) = (sim.CreateNode("a"), sim.CreateNode("b"), sim.CreateNode("client"));
        net.AddServer("a", new Server(new Service(junkA)), nodeA);
        net.AddServer("b", new Server(new Service(junkB)), nodeB);
        var (aToB, bToA) = (net.MakeEnd("a-b", "b"), net.MakeEnd("b-a", "a"));
        var (clientToA, clientToB) = (net.MakeEnd("client-a", "a"), net.MakeEnd("client-b", "b"));
        net.Partition(nodeA, nodeB);
        var outcomes = sim.Run(async () =>
        {
            var a = await Call(nodeA, aToB, 1);
            var b = await Call(nodeB, bToA, 2);
            var ca = await Call(client, clientToA, 3);
            var cb = await Call(client, clientToB, 4);
            return (a, b, ca, cb);
        });
        Assert.That(outcomes, Is.EqualTo((false, false, true, true)));
        Assert.That((junkA.Log2, junkB.Log2), Is.EqualTo((new List<int> { 3 }, new List<int> { 4 })));
    }

    [Test]
    public void HeldRequestsArriveInTheOrderTheyLeftAfterReleaseAndNoneBefore()
    {
        using var f = new NetworkFixture(7);
        // Random request delays: without the hold, these requests would arrive out of order.
        f.Net.Faults = FaultProfile.Unreliable with { RequestDropRate = 0, ReplyDropRate = 0 };
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        var done = new List<int>();
        var (before, doneBefore) = RunOn(f, client, async () =>
        {
            f.Net.Hold(client, f.ServerNode);
            var calls = Enumerable.Range(0, 8).Select(i => Track(end, i, done)).ToList();
            await f.Sim.Delay(TimeSpan.FromSeconds(5));
            var seen = (f.Junk.Log2.ToList(), done.Count);
            f.Net.Release(f.ServerNode, client);
            await Task.WhenAll(calls);
            return seen;
        });
        Assert.That(before, Is.Empty, "nothing crosses a held link");
        Assert.That(doneBefore, Is.Zero, "callers wait while their requests are held");
        Assert.That(f.Junk.Log2, Is.EqualTo(Enumerable.Range(0, 8)), "released in the order they left");
        Assert.That(done, Has.Count.EqualTo(8));
        Assert.That(f.Net.IsHeld(client, f.ServerNode), Is.False);
    }

    [Test]
    public void HeldRepliesWaitUntilReleasedThenArriveInOrder()
    {
        using var f = new NetworkFixture(5);
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        var done = new List<int>();
        var (ran, doneBefore) = RunOn(f, client, async () =>
        {
            f.Net.Hold(f.ServerNode, client, oneWay: true);
            var calls = Enumerable.Range(0, 5).Select(i => Track(end, i, done)).ToList();
            await f.Sim.Delay(TimeSpan.FromSeconds(5));
            var seen = (f.Junk.Log2.Count, done.Count);
            f.Net.Release(client, f.ServerNode);
            await Task.WhenAll(calls);
            return seen;
        });
        Assert.That(ran, Is.EqualTo(5), "the requests crossed: the hold is one way");
        Assert.That(doneBefore, Is.Zero, "no reply before the release");
        Assert.That(done, Is.EquivalentTo(Enumerable.Range(0, 5)));
        Assert.That(done, Is.EqualTo(f.Junk.Log2), "replies in the order they left: the order the handlers ran");
    }

    [Test]
    public void DropRateOneOnOneLinkLosesThatLinksRequestsOnly()
    {
        using var f = new NetworkFixture(2);
        var (lossy, healthy) = (f.Sim.CreateNode("lossy"), f.Sim.CreateNode("healthy"));
        var (lossyEnd, healthyEnd) = (f.End("lossy"), f.End("healthy"));
        f.Net.SetLinkFaults(lossy, f.ServerNode, new LinkFaults { DropRate = 1 });
        var oks = f.Sim.Run(async () =>
        {
            var results = new List<(bool Lossy, bool Healthy)>();
            for (int i = 0; i < 20; i++) results.Add((await Call(lossy, lossyEnd, i), await Call(healthy, healthyEnd, 100 + i)));
            return results;
        });
        Assert.That(oks.Select(o => o.Lossy), Has.All.False);
        Assert.That(oks.Select(o => o.Healthy), Has.All.True);
        Assert.That(f.Junk.Log2, Is.EqualTo(Enumerable.Range(100, 20)), "no request of the lossy link reached the handler");
        Assert.That(f.Net.Drops, Is.EqualTo(20));
    }

    [Test]
    public void DropRateOneOnTheWayBackLosesRepliesAfterTheHandlerRan()
    {
        using var f = new NetworkFixture(2);
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        f.Net.SetLinkFaults("server", "client", new LinkFaults { DropRate = 1 });
        var ok = RunOn(f, client, async () => (await end.Call<string>(Method, 1)).Ok);
        Assert.That((ok, f.Junk.Log2.Count, f.Net.Drops), Is.EqualTo((false, 1, 1)));
    }

    [Test]
    public void ALinksRatesOverrideTheProfile()
    {
        using var f = new NetworkFixture(4);
        f.Net.Reliable = false; // 10 % of requests and replies lost elsewhere
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        f.Net.SetLinkFaults(client, f.ServerNode, new LinkFaults { DropRate = 0, MaxDelay = TimeSpan.FromMilliseconds(300) });
        f.Net.SetLinkFaults(f.ServerNode, client, new LinkFaults { DropRate = 0 });
        var took = RunOn(f, client, async () =>
        {
            var times = new List<TimeSpan>();
            for (int i = 0; i < 200; i++)
            {
                var start = f.Sim.Elapsed;
                Assert.That((await end.Call<string>(Method, i)).Ok, Is.True, "the link drops nothing");
                times.Add(f.Sim.Elapsed - start);
            }
            return times;
        });
        Assert.That(took.Max(), Is.GreaterThan(TimeSpan.FromMilliseconds(26)).And.LessThanOrEqualTo(TimeSpan.FromMilliseconds(300)));
        Assert.That(f.Net.Drops, Is.Zero);
        Assert.That(f.Net.GetLinkFaults(client, f.ServerNode), Is.EqualTo(new LinkFaults { DropRate = 0, MaxDelay = TimeSpan.FromMilliseconds(300) }));
        f.Net.SetLinkFaults(client, f.ServerNode, null);
        Assert.That(f.Net.GetLinkFaults(client, f.ServerNode), Is.Null);
    }

    [Test]
    public void ALinksDuplicationRateCopiesTheRequestsOnThatLinkOnly()
    {
        using var f = new NetworkFixture(5);
        var (copied, plain) = (f.Sim.CreateNode("copied"), f.Sim.CreateNode("plain"));
        var (e1, e2) = (f.End("e1"), f.End("e2"));
        f.Net.SetLinkFaults(copied, f.ServerNode, new LinkFaults { DuplicateRate = 1, MaxDuplicateDelay = TimeSpan.FromSeconds(1) });
        f.Sim.Run(async () =>
        {
            for (int i = 0; i < 3; i++)
            {
                Assert.That(await Call(copied, e1, 10 + i), Is.True);
                Assert.That(await Call(plain, e2, 20 + i), Is.True);
            }
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
        });
        Assert.That(f.Junk.Log2.Count(x => x >= 20), Is.EqualTo(3), "the other link's requests are not copied");
        Assert.That(f.Junk.Log2.Where(x => x < 20), Is.EquivalentTo(new[] { 10, 10, 11, 11, 12, 12 }));
        Assert.That(f.Net.Duplicates, Is.EqualTo(3));
        Assert.That(f.Junk.Log2.LastIndexOf(10), Is.GreaterThan(f.Junk.Log2.IndexOf(12)), "a copy held back arrives after the caller's later requests");
    }

    [Test]
    public void ACallThatTimesOutFailsAtItsCallerAndItsRequestArrivesAfterTheRetry()
    {
        using var f = new NetworkFixture(2);
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        var (first, failedAfter, retry) = RunOn(f, client, async () =>
        {
            f.Net.SetLinkFaults(client, f.ServerNode, new LinkFaults { MaxDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMilliseconds(20) });
            var outcome = await end.Call<string>(Method, 1);
            var took = f.Sim.Elapsed;
            f.Net.SetLinkFaults(client, f.ServerNode, null);
            var again = await end.Call<string>(Method, 2);
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
            return (outcome.Ok, took, again.Ok);
        });
        Assert.That((first, failedAfter, retry), Is.EqualTo((false, TimeSpan.FromMilliseconds(20), true)));
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 2, 1 }), "the old request arrives after the next one, and its handler runs");
    }

    [Test]
    public void ACallAnsweredWithinItsTimeoutSucceeds()
    {
        using var f = new NetworkFixture(2);
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        f.Net.SetLinkFaults(client, f.ServerNode, new LinkFaults { Timeout = TimeSpan.FromMilliseconds(20) });
        Assert.That(RunOn(f, client, async () => (await end.Call<string>(Method, 1)).Ok), Is.True);
        Assert.That(f.Net.GetLinkFaults(client, f.ServerNode), Is.EqualTo(new LinkFaults { Timeout = TimeSpan.FromMilliseconds(20) }));
        f.Net.Heal(client, f.ServerNode);
        Assert.That(f.Net.GetLinkFaults(client, f.ServerNode), Is.Null, "a heal takes the timeout away");
    }

    [Test]
    public void HealWithNoNodesRestoresEveryLink()
    {
        using var f = new NetworkFixture();
        var (c1, c2, c3) = (f.Sim.CreateNode("c1"), f.Sim.CreateNode("c2"), f.Sim.CreateNode("c3"));
        var (e1, e2, e3) = (f.End("e1"), f.End("e2"), f.End("e3"));
        var oks = f.Sim.Run(async () =>
        {
            f.Net.Partition(c1, f.ServerNode);
            f.Net.Hold(c2, f.ServerNode);
            f.Net.SetLinkFaults(c3, f.ServerNode, new LinkFaults { DropRate = 1 });
            var held = c2.Spawn(async () => Assert.That((await e2.Call<string>(Method, 2)).Ok, Is.True));
            bool cut = await Call(c1, e1, 1) || await Call(c3, e3, 3);
            f.Net.Heal();
            await held;
            return (cut, await Call(c1, e1, 11), await Call(c3, e3, 13));
        });
        Assert.That(oks, Is.EqualTo((false, true, true)));
        Assert.That(f.Junk.Log2, Is.EqualTo(new[] { 2, 11, 13 }), "the held request went on at the heal");
    }

    [Test]
    public void SameSeedAndLinkFaultsGiveTheSameTraceHash()
    {
        var first = LinkFaultRun(seed: 9);
        Assert.That(LinkFaultRun(seed: 9), Is.EqualTo(first));
        Assert.That(LinkFaultRun(seed: 10).Hash, Is.Not.EqualTo(first.Hash), "the hash tells runs apart");
    }

    [Test]
    public void ASettingOnAnotherLinkChangesNoDraw()
    {
        var plain = UnreliableRun(link: null);
        Assert.That(UnreliableRun(link: (net, a, b) => net.Partition(a, b)), Is.EqualTo(plain));
        Assert.That(UnreliableRun(link: (net, a, b) => net.SetLinkFaults(a, b, new LinkFaults { DropRate = 1 })), Is.EqualTo(plain));
        Assert.That(UnreliableRun(link: (net, a, b) => net.SetLinkFaults(a, b,
            new LinkFaults { DuplicateRate = 1, MaxDuplicateDelay = TimeSpan.FromSeconds(1), Timeout = TimeSpan.FromMilliseconds(1) })), Is.EqualTo(plain));
    }

    [Test]
    public void UnknownOrAmbiguousNodeNamesAreRefusedWithTheNodesNamed()
    {
        using var f = new NetworkFixture();
        var error = Assert.Throws<ArgumentException>(() => f.Net.Partition("server", "nowhere"));
        Assert.That(error!.Message, Does.Contain("no node named 'nowhere'").And.Contain("server"));
        f.Sim.CreateNode("twin");
        f.Sim.CreateNode("twin");
        Assert.That(() => f.Net.Hold("twin", "server"), Throws.ArgumentException.With.Message.Contain("two nodes named 'twin'"));
        Assert.That(() => f.Net.Partition(f.ServerNode, f.ServerNode), Throws.ArgumentException);
        Assert.That(() => f.Net.SetLinkFaults("main", "server", new LinkFaults { DropRate = 2 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => f.Net.SetLinkFaults("main", "server", new LinkFaults { DuplicateRate = -1 }), Throws.InstanceOf<ArgumentOutOfRangeException>());
        Assert.That(() => f.Net.SetLinkFaults("main", "server", new LinkFaults { Timeout = TimeSpan.FromHours(2) }),
            Throws.InstanceOf<ArgumentOutOfRangeException>().With.Message.Contain("timeout"));
    }

    private static (ulong Hash, int Drops, int Delivered) LinkFaultRun(ulong seed)
    {
        using var f = new NetworkFixture(seed);
        f.Net.Reliable = false;
        var nodes = Enumerable.Range(0, 3).Select(i => f.Sim.CreateNode("c" + i)).ToList();
        int delivered = 0;
        f.Sim.Run(async () =>
        {
            f.Net.Partition(nodes[0], f.ServerNode, oneWay: true);
            f.Net.Hold(nodes[1], f.ServerNode);
            f.Net.SetLinkFaults(f.ServerNode, nodes[2], new LinkFaults { DropRate = 0.5, MaxDelay = TimeSpan.FromMilliseconds(40) });
            var clients = nodes.Select((node, c) => node.Spawn(async () =>
            {
                var end = f.End("e" + c);
                for (int i = 0; i < 30; i++)
                    if ((await end.Call<string>(Method, c * 100 + i)).Ok) delivered++;
            })).ToList();
            await f.Sim.Delay(TimeSpan.FromMilliseconds(500));
            f.Net.Heal();
            await Task.WhenAll(clients);
        });
        return (f.Sim.TraceHash, f.Net.Drops, delivered);
    }

    private static (ulong Hash, int Drops, int Duplicates) UnreliableRun(Action<Network, Node, Node>? link)
    {
        using var f = new NetworkFixture(21);
        f.Net.Faults = FaultProfile.Unreliable with { DuplicateRate = 0.2 };
        f.Net.LongReordering = true;
        var (idleA, idleB) = (f.Sim.CreateNode("idle-a"), f.Sim.CreateNode("idle-b"));
        link?.Invoke(f.Net, idleA, idleB);
        f.RunClients(4, 25, (_, _) => { });
        return (f.Sim.TraceHash, f.Net.Drops, f.Net.Duplicates);
    }

    private static async Task Track(ClientEnd end, int i, List<int> done)
    {
        if ((await end.Call<string>(Method, i)).Ok) done.Add(i);
    }

    private static async Task<bool> Call(Node node, ClientEnd end, int arg)
    {
        bool ok = false;
        await node.Spawn(async () => ok = (await end.Call<string>(Method, arg)).Ok);
        return ok;
    }

    private static T RunOn<T>(NetworkFixture f, Node node, Func<Task<T>> body) => f.Sim.Run(async () =>
    {
        T result = default!;
        await node.Spawn(async () => result = await body());
        return result;
    });
}
