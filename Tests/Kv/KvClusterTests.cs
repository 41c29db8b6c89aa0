using KvService.Harness;
using KvService.Reference;

namespace LabRpc.Tests.Kv;

public sealed class KvClusterTests
{
    [Test]
    public void PrintsTheCourseLinesWithTheSeedAndCounts()
    {
        var output = new StringWriter();
        using var cluster = new KvCluster(new ReferenceKv(), 7, new KvClusterOptions { Output = output });
        var ck = cluster.MakeClerk();
        cluster.Begin("one client");
        cluster.Simulation.Run(async () =>
        {
            await ck.PutAsync("k", "v");
            await cluster.Simulation.Delay(TimeSpan.FromMilliseconds(1500));
            await ck.GetAsync("k");
        });
        string line = cluster.End();
        Assert.That(output.ToString(), Is.EqualTo($"Test: one client (reference, seed 7) ...{Environment.NewLine}{line}{Environment.NewLine}"));
        Assert.That(line, Is.EqualTo("  ... Passed -- time 1.5s (virtual) #RPCs 2 #Ops 2"));
    }

    [Test]
    public void ACrashedServerRestartsFromItsPersisterAndTheClerkWaitsForIt()
    {
        using var cluster = new KvCluster(new ReferenceKv(), 8, new KvClusterOptions { RecordHistory = true });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        string value = sim.Run(async () =>
        {
            await ck.AppendAsync("k", "a");
            cluster.CrashServerFor(TimeSpan.FromSeconds(2));
            var started = sim.Elapsed;
            await ck.AppendAsync("k", "b");
            Assert.That(sim.Elapsed - started, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(2)));
            return await ck.GetAsync("k");
        });
        Assert.That(value, Is.EqualTo("ab"));
        Assert.That((cluster.Crashes, cluster.ServerNode.Incarnation), Is.EqualTo((1, 2)));
        Assert.That(cluster.History!.Count, Is.EqualTo(3));
        Assert.That(cluster.CheckLinearizable().Outcome, Is.EqualTo(LabRpc.Linearizability.CheckOutcome.Ok));
    }

    [Test]
    public void AClerkRefusesASecondRequestWhileOneIsOutstanding()
    {
        using var cluster = new KvCluster(new ReferenceKv(), 9);
        var ck = cluster.MakeClerk();
        string? error = null;
        cluster.Simulation.Run(async () =>
        {
            cluster.CrashServerFor(TimeSpan.FromSeconds(1)); // the first request waits for the restart
            var first = ck.PutAsync("k", "1");
            try
            {
                await ck.PutAsync("k", "2");
            }
            catch (InvalidOperationException e)
            {
                error = e.Message;
            }
            await first;
        });
        Assert.That(error, Does.Contain("still outstanding"));
    }
}
