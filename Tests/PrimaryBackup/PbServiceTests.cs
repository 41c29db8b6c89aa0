using KvService.PrimaryBackup.Suite;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Harness;
using KvService.PrimaryBackup.Reference;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace LabRpc.Tests.PrimaryBackup;

public sealed class PbServiceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public void PutGetAndAppendWorkThroughThePrimary()
    {
        using var cluster = new PbCluster(new ReferencePb(), 1);
        var ck = cluster.MakeClerk();
        var (view, values) = cluster.Simulation.Run(async () =>
        {
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("a", "x");
            string old = await ck.AppendAsync("a", "y");
            string empty = await ck.GetAsync("missing");
            return (view, new[] { old, await ck.GetAsync("a"), empty });
        });
        Assert.That(view, Is.EqualTo(new View(2, "pb0", "pb1")));
        Assert.That(values, Is.EqualTo(new[] { "x", "xy", "" }));
        Assert.That(cluster.CheckLinearizable("basic").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void APrimaryCrashPromotesTheBackupWithEveryAcknowledgedWrite()
    {
        using var cluster = new PbCluster(new ReferencePb(), 2);
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (before, after, final) = sim.Run(async () =>
        {
            var before = await cluster.WaitForPrimaryAndBackupAsync();
            for (int i = 0; i < 5; i++) await ck.AppendAsync("k", $"[0.{i}]");
            cluster.CrashServer(before.Primary);
            for (int i = 5; i < 10; i++) await ck.AppendAsync("k", $"[0.{i}]");
            var after = await cluster.ViewAsync();
            return (before, after, await ck.GetAsync("k"));
        });
        Assert.That(after.Primary, Is.EqualTo(before.Backup), "the backup is promoted");
        Assert.That(final, Is.EqualTo(string.Concat(Enumerable.Range(0, 10).Select(i => $"[0.{i}]"))), "no acknowledged write lost, none applied twice");
        Assert.That(cluster.CheckLinearizable("primary crash").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void ARestartedServerComesBackEmptyAndIsGivenTheStateAsBackup()
    {
        using var cluster = new PbCluster(new ReferencePb(), 3, new PbClusterOptions { Servers = 2 });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (views, value) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "v");
            cluster.CrashServerFor(first.Primary, TimeSpan.FromSeconds(1));
            var second = await cluster.WaitForViewAsync(v => v.Primary == first.Backup && v.Backup == first.Primary, Wait, "the restarted server as backup");
            await ck.AppendAsync("k", "w");
            await sim.Delay(TimeSpan.FromSeconds(1)); // the new backup acknowledged: the primary may go
            cluster.CrashServer(second.Primary);
            var third = await cluster.WaitForViewAsync(v => v.Primary == first.Primary, Wait, "the restarted server as primary");
            return (new[] { first, second, third }, await ck.GetAsync("k"));
        });
        Assert.That(value, Is.EqualTo("vw"), "the restarted server was given the state before it became primary");
        Assert.That(views.Select(v => v.Primary), Is.EqualTo(new[] { views[0].Primary, views[0].Backup, views[0].Primary }));
        Assert.That(cluster.CheckLinearizable("restart").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void APrimaryThatCrashesJustAfterAnsweringLeavesTheWriteWithItsBackup()
    {
        var (read, linearizable) = PbScripts.CrashAsTheAnswerLeaves(new ReferencePb(), 10);
        Assert.That(read, Is.EqualTo("b"));
        Assert.That(linearizable, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void ANewBackupGetsTheDuplicateTableSoThatARetryIsNotAppliedTwice()
    {
        var (old, final) = PbScripts.RetryAfterTwoFailovers(new ReferencePb(), 4);
        Assert.That(old, Is.EqualTo("a"), "the retry is answered from the duplicate table");
        Assert.That(final, Is.EqualTo("a[0.1]"), "the Append took effect once");
    }

    [Test]
    public void AStalePrimaryIsRefusedByTheBackupAndItsClerksMoveOn()
    {
        var outcome = PbScripts.StalePrimary(new ReferencePb(), 5);
        Assert.That(outcome.StaleCalls, Is.GreaterThan(0), "the clerks tried the old primary first");
        Assert.That(outcome.Read, Is.EqualTo("new"), "a Get never answers from a replaced primary");
        Assert.That(outcome.Final, Is.EqualTo("stale-clerk"), "a write sent to the old primary lands once, through the new one");
        Assert.That(outcome.Linearizable, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void AClerkRetriesAcrossAViewChange()
    {
        using var cluster = new PbCluster(new ReferencePb(), 6);
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        int toNewPrimary = 0;
        var (first, after, old, value) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Arrived && e.End == $"clerk0->{first.Primary}") cluster.CrashServer(first.Primary); // before it executes
                if (e.Stage == CallStage.Sent && e.End == $"clerk0->{first.Backup}") toNewPrimary++;
            };
            string old = await ck.AppendAsync("k", "b");
            return (first, await cluster.ViewAsync(), old, await ck.GetAsync("k"));
        });
        Assert.That((old, value), Is.EqualTo(("a", "ab")));
        Assert.That(after.Primary, Is.EqualTo(first.Backup));
        Assert.That(toNewPrimary, Is.GreaterThan(0), "the clerk found the new primary through the view service");
        Assert.That(cluster.CheckLinearizable("retry across a view change").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void APrimaryLostBeforeItAcknowledgesAViewHandsOverToTheBackupOfTheLastAcknowledgedOne()
    {
        using var cluster = new PbCluster(new ReferencePb(), 11, new PbClusterOptions { Servers = 2 });
        var ck = cluster.MakeClerk();
        var (dropped, successor, value) = cluster.Simulation.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            for (int i = 0; i < 3; i++) await ck.AppendAsync("k", $"[0.{i}]");
            cluster.Cut(first.Backup, PbCluster.ViewServiceName); // its pings are lost: it is taken for dead
            cluster.CutOneWay(PbCluster.ViewServiceName, first.Primary); // the primary stays alive but never learns the new view
            var dropped = await cluster.WaitForViewAsync(v => v.Backup.Length == 0, Wait, "a view without the backup");
            cluster.CrashServer(first.Primary); // it never acknowledged the new view
            cluster.Heal(first.Backup, PbCluster.ViewServiceName);
            cluster.Heal(PbCluster.ViewServiceName, first.Primary);
            var successor = await cluster.WaitForViewAsync(v => v.Primary == first.Backup, Wait, "the old backup as primary");
            return (dropped, successor, await ck.GetAsync("k"));
        });
        Assert.That(dropped, Is.EqualTo(new View(3, "pb0", "")));
        Assert.That(successor.Primary, Is.EqualTo("pb1"));
        Assert.That(value, Is.EqualTo("[0.0][0.1][0.2]"), "the backup of the last acknowledged view holds every acknowledged write");
        Assert.That(cluster.CheckLinearizable("primary lost before acknowledging").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void APrimaryServesANewViewOnlyOnceTheViewServiceHasRecordedItsAcknowledgement()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 12, new PbClusterOptions { Servers = 2 });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (blocked, value) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            var primary = pb.Servers[first.Primary];
            // The primary's first ping that acknowledges a later view arrives and is recorded, but its answer, and every
            // later one, is lost: the primary cannot know that the view service recorded it.
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Sent && e.End == $"{first.Primary}->{PbCluster.ViewServiceName}" && primary.View.Number > first.Number)
                {
                    cluster.CutOneWay(PbCluster.ViewServiceName, first.Primary);
                    cluster.Network.OnCallEvent = null;
                }
            };
            cluster.Cut(first.Backup, PbCluster.ViewServiceName); // its pings are lost: the next view has no backup
            await cluster.WaitForViewAsync(v => v.Backup.Length == 0, Wait, "a view without the backup");
            await sim.Delay(TimeSpan.FromMilliseconds(300));
            var put = ck.PutAsync("k", "b");
            await sim.Delay(TimeSpan.FromSeconds(1));
            bool blocked = primary.View.Number > first.Number && !primary.Serving && !put.IsCompleted;
            cluster.Heal(PbCluster.ViewServiceName, first.Primary);
            await put;
            return (blocked, await ck.GetAsync("k"));
        });
        Assert.That(blocked, Is.True, "a primary that does not know its acknowledgement was recorded answers nothing");
        Assert.That(value, Is.EqualTo("b"));
        Assert.That(cluster.CheckLinearizable("unconfirmed view").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void AWriteWhoseForwardIsHeldWaitsForTheReleaseAndLandsOnce()
    {
        using var cluster = new PbCluster(new ReferencePb(), 13, new PbClusterOptions { Servers = 2 });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (waited, old, value) = sim.Run(async () =>
        {
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            cluster.Hold(view.Primary, view.Backup);
            var append = ck.AppendAsync("k", "b");
            await sim.Delay(TimeSpan.FromMilliseconds(500));
            bool waited = !append.IsCompleted;
            cluster.Release(view.Primary, view.Backup);
            return (waited, await append, await ck.GetAsync("k"));
        });
        Assert.That(waited, Is.True, "the primary answers only once the backup has the write");
        Assert.That((old, value), Is.EqualTo(("a", "ab")));
        Assert.That(cluster.CheckLinearizable("held forward").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void AWriteTheBackupAppliedButCouldNotConfirmIsRefusedThenLandsOnce()
    {
        using var cluster = new PbCluster(new ReferencePb(), 14, new PbClusterOptions { Servers = 2 });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        int refused = 0;
        var (waited, old, value) = sim.Run(async () =>
        {
            var view = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            cluster.CutOneWay(view.Backup, view.Primary); // the backup applies forwards; its answers are lost
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Delivered && e.End == $"clerk0->{view.Primary}") refused++;
            };
            var append = ck.AppendAsync("k", "b");
            await sim.Delay(TimeSpan.FromMilliseconds(500));
            bool waited = !append.IsCompleted;
            cluster.Heal(view.Backup, view.Primary);
            return (waited, await append, await ck.GetAsync("k"));
        });
        Assert.That(waited, Is.True);
        Assert.That(refused, Is.GreaterThan(1), "the primary answered WrongServer while it could not know the backup had the write");
        Assert.That((old, value), Is.EqualTo(("a", "ab")), "the write landed once: the state sent again replaced the backup's");
        Assert.That(cluster.CheckLinearizable("lost backup answers").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [TestCase(7UL)]
    [TestCase(8UL)]
    [TestCase(9UL)]
    public void ConcurrentClerksThroughCrashesOnAnUnreliableNetworkAreLinearizable(ulong seed)
    {
        var outcome = PbScripts.ConcurrentWithCrashes(new ReferencePb(), seed);
        Assert.That(outcome.AtMostOnce, Is.Empty);
        Assert.That(outcome.Linearizable, Is.EqualTo(CheckOutcome.Ok));
        Assert.That(outcome.Ops, Is.EqualTo(4 * 15 + 2), "every operation returned");
        Assert.That(outcome.Crashes, Is.EqualTo(2));
    }
}
