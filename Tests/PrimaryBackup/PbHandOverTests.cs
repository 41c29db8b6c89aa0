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
