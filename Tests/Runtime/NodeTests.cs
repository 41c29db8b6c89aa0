using LabRpc.Tests.Networking;

namespace LabRpc.Tests.Runtime;

public sealed class NodeTests
{
    [Test]
    public void KilledNodesPendingWorkNeverRuns()
    {
        using var sim = new Simulation(1);
        var node = sim.CreateNode("victim");
        var ran = new List<string>();
        sim.Run(async () =>
        {
            node.Go(async () =>
            {
                ran.Add("started");
                await sim.Delay(TimeSpan.FromSeconds(1));
                ran.Add("after delay");
            });
            node.Go(async () =>
            {
                while (true)
                {
                    await Task.Yield();
                    ran.Add("spin");
                    if (ran.Count > 3) break;
                }
                await Task.Delay(TimeSpan.FromSeconds(2), sim.Time);
                ran.Add("after timer");
            });
            sim.Time.CreateTimer(_ => ran.Add("timer"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
            await sim.Delay(TimeSpan.FromMilliseconds(500));
            node.Kill();
            await sim.Delay(TimeSpan.FromSeconds(10));
        });
        Assert.That(ran, Does.Not.Contain("after delay").And.Not.Contain("after timer"));
        Assert.That(ran, Does.Contain("started"));
        Assert.That(ran.Count(x => x == "timer"), Is.EqualTo(10), "the main node's timer keeps ticking");
    }

    [Test]
    public void TimersOwnedByAKilledNodeStop()
    {
        using var sim = new Simulation(1);
        var node = sim.CreateNode("n");
        int ticks = 0;
        sim.Run(async () =>
        {
            node.Go(() =>
            {
                sim.Time.CreateTimer(_ => ticks++, null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
                return Task.CompletedTask;
            });
            await sim.Delay(TimeSpan.FromSeconds(3.5));
            node.Kill();
            await sim.Delay(TimeSpan.FromSeconds(5));
        });
        Assert.That(ticks, Is.EqualTo(3));
    }

    [Test]
    public void RestartedNodeRunsNewWorkButNotTheOld()
    {
        using var sim = new Simulation(1);
        var node = sim.CreateNode("n");
        var ran = new List<string>();
        sim.Run(async () =>
        {
            node.Go(async () => { await sim.Delay(TimeSpan.FromSeconds(2)); ran.Add("old"); });
            await sim.Delay(TimeSpan.FromSeconds(1));
            node.Restart();
            Assert.That(node.IsAlive, Is.True);
            Assert.That(node.Incarnation, Is.EqualTo(2));
            await node.Spawn(async () => { await sim.Delay(TimeSpan.FromSeconds(2)); ran.Add("new"); });
        });
        Assert.That(ran, Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public void PersisterSurvivesACrash()
    {
        using var sim = new Simulation(1);
        var node = sim.CreateNode("n");
        node.Persister.Write("k", [1, 2, 3]);
        node.Kill();
        node.Restart();
        Assert.That(node.Persister.Read("k"), Is.EqualTo(new byte[] { 1, 2, 3 }));
        Assert.That(node.Persister.Size, Is.EqualTo(3));
    }

    [Test]
    public void KillingTheServersNodeFailsCallsInFlightAndLaterCalls()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        f.Sim.Run(async () =>
        {
            var call = end.Call<int>("JunkServer.Handler3", 1).AsTask();
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
            f.ServerNode.Kill();
            var (ok, _) = await call;
            Assert.That(ok, Is.False);
            Assert.That(f.Sim.Elapsed, Is.EqualTo(TimeSpan.FromSeconds(1)));
            var (ok2, _) = await end.Call<string>("JunkServer.Handler2", 1);
            Assert.That(ok2, Is.False, "a dead node's server does not answer");
            await f.Sim.Delay(TimeSpan.FromSeconds(30));
        });
        Assert.That(f.Net.GetCount("server"), Is.EqualTo(1));
    }

    [Test]
    public void CallerKilledWhileWaitingNeverResumes()
    {
        using var f = new NetworkFixture();
        var client = f.Sim.CreateNode("client");
        var end = f.End("e");
        bool resumed = false;
        f.Sim.Run(async () =>
        {
            client.Go(async () =>
            {
                await end.Call<int>("JunkServer.Handler3", 1);
                resumed = true;
            });
            await f.Sim.Delay(TimeSpan.FromSeconds(1));
            client.Kill();
            await f.Sim.Delay(TimeSpan.FromSeconds(30));
        });
        Assert.That(resumed, Is.False);
    }
}
