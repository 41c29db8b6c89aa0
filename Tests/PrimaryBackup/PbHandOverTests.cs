using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Harness;
using KvService.Scenarios;
using LabRpc.Linearizability;

namespace LabRpc.Tests.PrimaryBackup;

/// <summary>
/// Scripted attacks on the rule by which the view service replaces a lost primary with a holder of every acknowledged
/// write, and on the rule that a primary serves a view only once it knows its acknowledgement was recorded: each script
/// drives one interleaving the generated scenarios rarely reach and asserts that no acknowledged write is lost, none is
/// applied twice, no Get is stale, and that the service goes on when an alive server holds every acknowledged write (or
/// waits, when none does).
/// </summary>
public sealed class PbHandOverTests
{
    private const string Vs = PbCluster.ViewServiceName;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    [Test]
    public void AHolderThatRestartsBeforeTheViewServiceSawItPingAViewNumberIsNotLeftAsAPrimaryWithoutTheState()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 21, new PbClusterOptions { Servers = 2 });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (first, acknowledged, read, view) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup;
            await ck.PutAsync("k", "a");
            await ck.AppendAsync("k", "b");
            // The backup restarts: its ping 0 is seen, and the view service takes it back as backup; every later ping of
            // it is lost, so the view service never hears it ping a view number.
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Delivered && e.End == $"{b}->{Vs}")
                {
                    cluster.CutOneWay(b, Vs);
                    cluster.Network.OnCallEvent = null;
                }
            };
            cluster.RestartServer(b);
            // The primary gives it the state and acknowledges: the backup is a holder.
            bool acknowledged = await UntilAsync(sim, () => pb.Servers[p] is { Serving: true, View.Number: 3 }, TimeSpan.FromMilliseconds(400));
            // The backup restarts again before it is taken for dead: its pings (0) arrive, the answers are lost.
            cluster.RestartServer(b);
            cluster.Heal(b, Vs);
            cluster.CutOneWay(Vs, b);
            // The primary, alive and holding every write, is cut off from the view service long enough to be replaced.
            cluster.Cut(p, Vs);
            await sim.Delay(TimeSpan.FromSeconds(1));
            cluster.Heal(b, Vs);
            cluster.Heal(p, Vs);
            string? read = await WithinAsync(sim, ck.GetAsync("k"), Wait);
            return (first, acknowledged, read, await cluster.ViewAsync());
        });
        Assert.That(acknowledged, Is.True, "the primary acknowledged view 3 with the restarted backup");
        Assert.That(read, Is.EqualTo("ab"), $"a Get returns every acknowledged write within 5 s (the view service is at {view})");
        Assert.That(view.Primary, Is.EqualTo(first.Primary), "the holder that has the state serves");
        Assert.That(cluster.CheckLinearizable("restarted holder").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void AFallbackPrimaryLostBeforeItAcknowledgesHandsOverToTheBackupItGaveTheState()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 22);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        bool? fallbackServedWhenLost = null;
        var (first, views, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup, c = Third(cluster, first);
            var views = WatchViews(sim, pb);
            for (int i = 0; i < 3; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            // The backup, promoted, gives the third server its state and is lost before it acknowledges its view.
            cluster.Network.OnCallEvent = e =>
            {
                if (Accepted(pb, e, b, c))
                {
                    fallbackServedWhenLost = pb.Servers[b].Serving;
                    cluster.CrashServer(b);
                    cluster.Network.OnCallEvent = null;
                }
            };
            var appends = Appends(sim, writer, 0, 3, 12);
            cluster.CrashServer(p);
            await appends;
            return (first, views, await FinalsAsync(reader));
        });
        string c = Third(cluster, first);
        Assert.That(fallbackServedWhenLost, Is.False, "the old backup was lost in its own view before it served");
        Assert.That(Primaries(views), Is.EqualTo(new[] { first.Primary, first.Backup, c }), "the old backup, then the server it gave the state");
        Assert.That(finals["k"], Is.EqualTo(Tokens(0, 0, 12)), "every acknowledged Append, once, in order");
        AssertHistory(cluster, "fallback lost before acknowledging", finals, reader.Id);
    }

    [Test]
    public void AnOldBackupCutOffFromTheViewServiceTakesOverWhenTwoFallbackPrimariesAreLostBeforeAcknowledging()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 23);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (first, views, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup, c = Third(cluster, first);
            var views = WatchViews(sim, pb);
            for (int i = 0; i < 3; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            // The backup is cut off from the view service but stays the primary's backup: the primary goes on writing
            // through it until it learns the view that replaces it, gives the third server its state, and is lost before it
            // acknowledges. The third server, promoted, is lost as soon as it learns its view.
            cluster.Network.OnCallEvent = e =>
            {
                if (Accepted(pb, e, p, c)) cluster.CrashServer(p);
                if (e.Stage == CallStage.Delivered && e.End == $"{c}->{Vs}" && pb.ViewServer.Current.Primary == c)
                {
                    cluster.CrashServer(c);
                    cluster.Network.OnCallEvent = null;
                }
            };
            cluster.Cut(b, Vs);
            var appends = Appends(sim, writer, 0, 3, 12);
            await cluster.WaitForViewAsync(v => v.Primary == c, Wait, "the third server as primary");
            await UntilAsync(sim, () => !cluster.ServerNode(c).IsAlive, Wait);
            cluster.Heal(b, Vs);
            await appends;
            return (first, views, await FinalsAsync(reader));
        });
        string c = Third(cluster, first);
        Assert.That(Primaries(views), Is.EqualTo(new[] { first.Primary, c, first.Backup }));
        Assert.That(views[^1], Is.EqualTo(new View(views[^1].Number, first.Backup, "")), "the old backup serves alone: the others are lost");
        Assert.That(finals["k"], Is.EqualTo(Tokens(0, 0, 12)), "every acknowledged Append, once, in order");
        AssertHistory(cluster, "old backup after two lost fallbacks", finals, reader.Id);
    }

    [Test]
    public void ABackupGivenTheStateWhoseAcknowledgementArrivesAfterItsViewWasReplacedTakesOverWhenTheHoldersAreLost()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 28);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (first, views, read, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup, c = Third(cluster, first);
            var views = WatchViews(sim, pb);
            for (int i = 0; i < 3; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            // The backup is cut off from the view service: the third server replaces it, and the primary gives it its state
            // and crashes before it acknowledges; the third server's pings are held from then on. The old backup, back in
            // touch, is promoted (it holds every acknowledged write) and crashes as soon as it learns its view.
            cluster.Network.OnCallEvent = e =>
            {
                if (Accepted(pb, e, p, c))
                {
                    cluster.Network.Hold(c, Vs, oneWay: true);
                    cluster.CrashServer(p);
                }
                if (e.Stage == CallStage.Delivered && e.End == $"{b}->{Vs}" && pb.ViewServer.Current.Primary == b)
                {
                    cluster.CrashServer(b);
                    cluster.Network.OnCallEvent = null;
                }
            };
            var appends = Appends(sim, writer, 0, 3, 10);
            cluster.Cut(b, Vs);
            await UntilAsync(sim, () => !cluster.ServerNode(p).IsAlive, Wait);
            cluster.Heal(b, Vs);
            await UntilAsync(sim, () => !cluster.ServerNode(b).IsAlive, Wait);
            // The third server's ping that says it holds the state arrives: its view has been replaced meanwhile.
            cluster.Network.Release(c, Vs);
            string? read = await WithinAsync(sim, reader.GetAsync("k"), Wait);
            if (read is null) return (first, views, read, (Dictionary<string, string>?)null);
            await appends;
            return (first, views, read, await FinalsAsync(reader));
        });
        string c = Third(cluster, first);
        Assert.That(read, Is.Not.Null, $"the third server, alive with every acknowledged write, serves (the view service is at {views[^1]})");
        Assert.That(Primaries(views), Is.EqualTo(new[] { first.Primary, first.Backup, c }), "the old backup was promoted first");
        Assert.That(finals!["k"], Is.EqualTo(Tokens(0, 0, 10)), "every acknowledged Append, once, in order");
        AssertHistory(cluster, "late acknowledgement of a replaced backup", finals, reader.Id);
    }

    [Test]
    public void AnOldPrimaryThatKeptServingThroughABackupThatNeverLearnedItsPromotionIsTheHolderTheServiceFallsBackTo()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 31);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        int servedWhileReplaced = 0;
        var (first, views, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup;
            var views = WatchViews(sim, pb);
            for (int i = 0; i < 3; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            // The primary is cut off from the view service; the backup's pings still arrive for a while, but the answers
            // are held: the view service promotes the backup, which never learns it and goes on taking the old
            // primary's writes, until it falls silent too.
            cluster.Cut(p, Vs);
            await sim.Delay(TimeSpan.FromMilliseconds(50));
            cluster.Network.Hold(Vs, b, oneWay: true);
            var appends = sim.Spawn(async () =>
            {
                for (int i = 3; i < 40; i++)
                {
                    await writer.AppendAsync("k", Workload.Token(0, i));
                    if (pb.ViewServer.Current.Primary == b) servedWhileReplaced++;
                    await sim.Delay(TimeSpan.FromMilliseconds(20));
                }
            }, "appends");
            await cluster.WaitForViewAsync(v => v.Primary == b, Wait, "the backup promoted");
            await sim.Delay(TimeSpan.FromSeconds(1));
            cluster.Heal(p, Vs);
            await cluster.WaitForViewAsync(v => v.Primary == p, Wait, "the old primary back");
            cluster.Network.Release(Vs, b);
            await appends;
            return (first, views, await FinalsAsync(reader));
        });
        Assert.That(servedWhileReplaced, Is.GreaterThan(0), "the old primary answered writes while the view service named its backup primary");
        Assert.That(Primaries(views), Is.EqualTo(new[] { first.Primary, first.Backup, first.Primary }), "the old primary is the holder the view service falls back to");
        Assert.That(finals["k"], Is.EqualTo(Tokens(0, 0, 40)), "every acknowledged Append, once, in order");
        AssertHistory(cluster, "old primary served through an unaware backup", finals, reader.Id);
    }

    [Test]
    public void AHolderNamedPrimaryBeforeTheViewServiceSawItRestartIsReplacedByTheOtherHolder()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 24);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (first, views, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup;
            var views = WatchViews(sim, pb);
            for (int i = 0; i < 3; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            // The primary, alive, is cut off from the view service; the backup restarts just before, and its ping 0 is
            // held: the view service names the empty backup primary, then sees it restart.
            cluster.Cut(p, Vs);
            await sim.Delay(TimeSpan.FromMilliseconds(300));
            cluster.Network.Hold(b, Vs, oneWay: true);
            cluster.RestartServer(b);
            var appends = Appends(sim, writer, 0, 3, 8);
            await cluster.WaitForViewAsync(v => v.Primary == b, Wait, "the restarted backup as primary");
            cluster.Network.Release(b, Vs);
            await sim.Delay(TimeSpan.FromMilliseconds(500));
            cluster.Heal(p, Vs);
            await appends;
            return (first, views, await FinalsAsync(reader));
        });
        Assert.That(Primaries(views), Is.EqualTo(new[] { first.Primary, first.Backup, first.Primary }), "the holder that kept the state serves again");
        Assert.That(finals["k"], Is.EqualTo(Tokens(0, 0, 8)), "the empty server answered nothing");
        AssertHistory(cluster, "restarted holder named primary", finals, reader.Id);
    }

    [Test]
    public void APingFromARestartedServersPreviousIncarnationArrivingLateDoesNotLetItServeEmpty()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 29);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        long lateCall = -1;
        bool arrivedLate = false;
        var (first, views, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup;
            var views = WatchViews(sim, pb);
            for (int i = 0; i < 3; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            // The backup's next ping (it acknowledges the view: it holds the state) is slowed by up to 3 s; the backup then
            // restarts, and its new incarnation's ping 0 arrives first. The primary cannot reach the restarted backup.
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Sent && e.End == $"{b}->{Vs}" && lateCall < 0)
                {
                    lateCall = e.CallId;
                    cluster.Network.SetLinkFaults(b, Vs, new LinkFaults { MaxDelay = TimeSpan.FromSeconds(3) });
                }
                if (e.Stage == CallStage.Arrived && e.CallId == lateCall) arrivedLate = pb.ViewServer.Current.Number > first.Number;
            };
            await UntilAsync(sim, () => lateCall >= 0, Wait);
            cluster.Network.SetLinkFaults(b, Vs, null);
            cluster.CrashServer(b);
            cluster.Cut(p, b);
            cluster.RestartServer(b);
            var appends = Appends(sim, writer, 0, 3, 8);
            await UntilAsync(sim, () => arrivedLate, TimeSpan.FromSeconds(4));
            // The primary, which alone holds the state, is then cut off from the view service for a while.
            cluster.Cut(p, Vs);
            await sim.Delay(TimeSpan.FromSeconds(1));
            cluster.Heal(p, Vs);
            cluster.Heal(p, b);
            await appends;
            return (first, views, await FinalsAsync(reader));
        });
        Assert.That(arrivedLate, Is.True, "the old incarnation's ping arrived after the view service had seen the restart");
        Assert.That(views.Select(v => v.Primary), Has.None.EqualTo(first.Backup), "the restarted server, never given the state again, is never named primary");
        Assert.That(views[^1].Primary, Is.EqualTo(first.Primary), "the primary, which kept the state, serves");
        Assert.That(finals["k"], Is.EqualTo(Tokens(0, 0, 8)), "every acknowledged Append, once, in order");
        AssertHistory(cluster, "late ping of an earlier incarnation", finals, reader.Id);
    }

    [Test]
    public void ARestartedBackupTakenBackIsNotAHolderUntilItIsGivenTheStateAgain()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 30);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (first, views, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup;
            var views = WatchViews(sim, pb);
            for (int i = 0; i < 3; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            // The backup restarts and is taken back as backup of the next view, but the primary cannot reach it: it pings
            // the number of the view it was backup of before (it does not hold the new one's state).
            cluster.Cut(p, b);
            cluster.RestartServer(b);
            await cluster.WaitForViewAsync(v => v.Number > first.Number && v.Backup == b, Wait, "the restarted backup taken back");
            var appends = Appends(sim, writer, 0, 3, 8);
            await sim.Delay(TimeSpan.FromMilliseconds(300));
            // The primary, which alone holds the state, is cut off from the view service for a while.
            cluster.Cut(p, Vs);
            await sim.Delay(TimeSpan.FromSeconds(1));
            cluster.Heal(p, Vs);
            cluster.Heal(p, b);
            await appends;
            return (first, views, await FinalsAsync(reader));
        });
        Assert.That(views.Select(v => v.Primary), Has.None.EqualTo(first.Backup), "the restarted backup, never given the state, is never named primary");
        Assert.That(views[^1].Primary, Is.EqualTo(first.Primary));
        Assert.That(finals["k"], Is.EqualTo(Tokens(0, 0, 8)), "every acknowledged Append, once, in order");
        AssertHistory(cluster, "restarted backup taken back", finals, reader.Id);
    }

    [Test]
    public void KnownLimitBothHoldersLostWhileTheRestartedOnesPingIsHeldTheServiceWaitsRatherThanServeEmpty()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 25);
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (first, views, read) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup;
            var views = WatchViews(sim, pb);
            await ck.PutAsync("k", "a");
            cluster.CrashServer(p);
            await sim.Delay(TimeSpan.FromMilliseconds(300));
            cluster.Network.Hold(b, Vs, oneWay: true);
            cluster.RestartServer(b);
            await cluster.WaitForViewAsync(v => v.Primary == b, Wait, "the restarted backup as primary");
            cluster.Network.Release(b, Vs);
            cluster.RestartServer(p);
            string? read = await WithinAsync(sim, ck.GetAsync("k"), Wait);
            return (first, views, read);
        });
        Assert.That(read, Is.Null, "no server holds the Put: nothing answers, rather than an empty value");
        Assert.That(Primaries(views), Is.EqualTo(new[] { first.Primary, first.Backup }), "the third server, never given the state, is never primary");
        Assert.That(pb.Servers.Values.Any(s => s.Serving), Is.False);
    }

    [Test]
    public void KnownLimitTheFirstPrimaryLostBeforeItAcknowledgesViewOneLeavesTheServiceWaiting()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 32);
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        string first = "";
        // The first primary crashes as it learns view 1, before it acknowledges it, and restarts empty.
        cluster.Network.OnCallEvent = e =>
        {
            if (e.Stage == CallStage.Delivered && pb.ViewServer.Current is { Number: 1 } v && e.End == $"{v.Primary}->{Vs}")
            {
                first = v.Primary;
                cluster.CrashServerFor(first, TimeSpan.FromMilliseconds(200));
                cluster.Network.OnCallEvent = null;
            }
        };
        var (put, view) = sim.Run(async () =>
        {
            await UntilAsync(sim, () => first.Length > 0, Wait);
            var put = ck.PutAsync("k", "a");
            await UntilAsync(sim, () => put.IsCompleted, TimeSpan.FromSeconds(3));
            return (put.IsCompleted, await cluster.ViewAsync());
        });
        Assert.That(first, Is.Not.Empty);
        Assert.That(put, Is.False, "nobody serves: only the first primary may start from the empty state");
        Assert.That(view, Is.EqualTo(new View(1, first, "")), "the view service waits for the first primary");
        Assert.That(pb.Servers.Values.Any(s => s.Serving), Is.False);
    }

    [Test]
    public void ALateAnswerToAnAcknowledgingPingLetsTheReplacedPrimaryAnswerNothing()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 26);
        var stale = cluster.MakeClerk();
        var fresh = cluster.MakeClerk();
        var sim = cluster.Simulation;
        int staleCalls = 0;
        bool? servingWhenAsked = null;
        var (first, read) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup, c = Third(cluster, first);
            await stale.PutAsync("k", "old"); // the stale clerk keeps the primary
            // The backup is cut off from the view service: the primary is given the third server as backup, gives it
            // its state and acknowledges; the answer, and every later one, is held, so it falls silent and is replaced.
            cluster.Network.OnCallEvent = e =>
            {
                if (Accepted(pb, e, p, c))
                {
                    cluster.Network.Hold(Vs, p, oneWay: true);
                    cluster.Network.OnCallEvent = null;
                }
            };
            cluster.Cut(b, Vs);
            await cluster.WaitForViewAsync(v => v.Primary == c, Wait, "the third server as primary");
            await fresh.PutAsync("k", "new");
            // The held answers arrive: the old primary learns that its view was acknowledged, and the stale clerk asks it.
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Arrived && e.End == $"clerk0->{p}")
                {
                    staleCalls++;
                    servingWhenAsked ??= pb.Servers[p].Serving;
                }
            };
            cluster.Network.Release(Vs, p);
            string read = await stale.GetAsync("k");
            cluster.Network.OnCallEvent = null;
            return (first, read);
        });
        Assert.That(staleCalls, Is.GreaterThan(0), "the stale clerk asked the old primary");
        Assert.That(servingWhenAsked, Is.True, "the old primary believed it served its acknowledged view");
        Assert.That(read, Is.EqualTo("new"), "it could not answer: its backup had moved on");
        Assert.That(cluster.CheckLinearizable("late acknowledgement").Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    [Test]
    public void APrimaryWithoutABackupCutOffFromTheViewServiceIsWaitedForNotReplacedByAnIdleServer()
    {
        var pb = new InspectedPb();
        using var cluster = new PbCluster(pb, 27);
        var writer = cluster.MakeClerk();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var (first, views, whileCut, finals) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string p = first.Primary, b = first.Backup, c = Third(cluster, first);
            var views = WatchViews(sim, pb);
            await writer.AppendAsync("k", Workload.Token(0, 0));
            cluster.CrashServer(c);
            cluster.CrashServer(b);
            await cluster.WaitForViewAsync(v => v.Primary == p && v.Backup.Length == 0, Wait, "the primary alone");
            await writer.AppendAsync("k", Workload.Token(0, 1));
            // An idle server comes back as the primary is cut off from the view service: the view service takes it as
            // backup, but the primary never learns it, and it goes on serving alone.
            cluster.Cut(p, Vs);
            cluster.RestartServer(c);
            for (int i = 2; i < 5; i++) await writer.AppendAsync("k", Workload.Token(0, i));
            string whileCut = await reader.GetAsync("k");
            await sim.Delay(TimeSpan.FromSeconds(1)); // long enough for the view service to take the primary for dead
            await writer.AppendAsync("k", Workload.Token(0, 5));
            cluster.Heal(p, Vs);
            await cluster.WaitForPrimaryAndBackupAsync();
            await sim.Delay(TimeSpan.FromMilliseconds(300));
            cluster.CrashServer(p); // the idle server, now its backup, holds everything
            await writer.AppendAsync("k", Workload.Token(0, 6));
            return (first, views, whileCut, await FinalsAsync(reader));
        });
        string c = Third(cluster, first);
        Assert.That(whileCut, Is.EqualTo(Tokens(0, 0, 5)));
        Assert.That(Primaries(views), Is.EqualTo(new[] { first.Primary, c }), "the idle server became primary only after it was given the state");
        Assert.That(finals["k"], Is.EqualTo(Tokens(0, 0, 7)));
        AssertHistory(cluster, "primary alone, cut off", finals, reader.Id);
    }

    /// <summary>Whether <paramref name="e"/> is <paramref name="backup"/> answering a state transfer from
    /// <paramref name="primary"/> that it took (it knows the primary's view): the backup now holds the primary's state.</summary>
    private static bool Accepted(InspectedPb pb, CallEvent e, string primary, string backup) =>
        e.Stage == CallStage.Executed && e.End == $"{primary}->{backup}" && e.Method == "PbServer.Transfer"
        && pb.Servers[backup].View == pb.Servers[primary].View && pb.Servers[primary].View.Backup == backup;

    /// <summary>The server that is neither the primary nor the backup of <paramref name="view"/>.</summary>
    private static string Third(PbCluster cluster, View view) => cluster.ServerNames.Single(s => s != view.Primary && s != view.Backup);

    /// <summary>Every view the view service takes from now on (read each millisecond of virtual time), starting with the current one.</summary>
    private static List<View> WatchViews(Simulation sim, InspectedPb pb)
    {
        var views = new List<View> { pb.ViewServer.Current };
        sim.Spawn(async () =>
        {
            while (true)
            {
                await sim.Delay(TimeSpan.FromMilliseconds(1));
                if (pb.ViewServer.Current != views[^1]) views.Add(pb.ViewServer.Current);
            }
        }, "view watcher");
        return views;
    }

    /// <summary>The primaries of <paramref name="views"/> in order, each run of one primary once.</summary>
    private static List<string> Primaries(List<View> views)
    {
        var primaries = new List<string>();
        foreach (var view in views)
            if (primaries.Count == 0 || primaries[^1] != view.Primary) primaries.Add(view.Primary);
        return primaries;
    }

    /// <summary>Appends tokens <paramref name="from"/> to <paramref name="to"/> (excluded) of <paramref name="client"/> to key k, 20 ms apart.</summary>
    private static Task Appends(Simulation sim, ClusterClerk clerk, int client, int from, int to) => sim.Spawn(async () =>
    {
        for (int i = from; i < to; i++)
        {
            await clerk.AppendAsync("k", Workload.Token(client, i));
            await sim.Delay(TimeSpan.FromMilliseconds(20));
        }
    }, "appends");

    private static string Tokens(int client, int from, int to) => string.Concat(Enumerable.Range(from, to - from).Select(i => Workload.Token(client, i)));

    /// <summary>The final read of key k.</summary>
    private static async Task<Dictionary<string, string>> FinalsAsync(ClusterClerk reader) =>
        new(StringComparer.Ordinal) { ["k"] = await reader.GetAsync("k") };

    /// <summary>At-most-once on the values seen, and linearizability with the KV model.</summary>
    private static void AssertHistory(PbCluster cluster, string title, Dictionary<string, string> finals, int reader)
    {
        Assert.That(AtMostOnceChecker.Check(cluster.History!.ToOperations(), finals, reader), Is.Empty);
        Assert.That(cluster.CheckLinearizable(title).Outcome, Is.EqualTo(CheckOutcome.Ok));
    }

    /// <summary>Polls <paramref name="condition"/> every millisecond of virtual time; false if it does not hold within <paramref name="timeout"/>.</summary>
    private static async Task<bool> UntilAsync(Simulation sim, Func<bool> condition, TimeSpan timeout)
    {
        var deadline = sim.Elapsed + timeout;
        while (!condition())
        {
            if (sim.Elapsed >= deadline) return false;
            await sim.Delay(TimeSpan.FromMilliseconds(1));
        }
        return true;
    }

    /// <summary>The result of <paramref name="operation"/> if it finishes within <paramref name="timeout"/> of virtual time; null if not.</summary>
    private static async Task<string?> WithinAsync(Simulation sim, Task<string> operation, TimeSpan timeout)
    {
        await UntilAsync(sim, () => operation.IsCompleted, timeout);
        return operation.IsCompleted ? await operation : null;
    }
}
