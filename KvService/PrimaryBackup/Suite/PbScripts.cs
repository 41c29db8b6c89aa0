using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.PrimaryBackup.Harness;
using KvService.Scenarios;
using LabRpc;
using LabRpc.Linearizability;

namespace KvService.PrimaryBackup.Suite;

/// <summary>Scripted runs against any primary/backup implementation: the PB suite's checks make them and judge what they
/// saw (<see cref="PbChecks"/>), the reference's tests assert that they pass, the broken zoo's that each member fails one.</summary>
public static class PbScripts
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(5);

    /// <summary>The simulation's budget for a scripted run: two minutes of virtual time, so that an implementation whose
    /// operations never return fails the run (budget spent) in a second of real time instead of running for an hour.</summary>
    public static SimulationOptions Budget { get; } = new() { MaxVirtualTime = TimeSpan.FromMinutes(2) };

    /// <summary>An Append whose reply is lost executes on the primary and the backup; the backup crashes and a new one is
    /// given the state; the primary crashes and the new backup is promoted; the clerk's retry reaches it. Returns what the
    /// retry returned and the final value (the key held "a" before).</summary>
    public static (string Old, string Final) RetryAfterTwoFailovers(IPbImplementation implementation, ulong seed)
    {
        using var cluster = new PbCluster(implementation, seed, new PbClusterOptions { Simulation = Budget });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        string clerk = PbCluster.ClerkName(0);
        return sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            string third = cluster.ServerNames.Single(s => s != first.Primary && s != first.Backup);
            await ck.PutAsync("k", "a");
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Arrived && e.End.StartsWith(clerk + "->pb", StringComparison.Ordinal)) cluster.Isolate(clerk); // the reply is lost
            };
            string old = "";
            var append = cluster.ClerkNode(0).Spawn(async () => old = await ck.AppendAsync("k", "[0.1]")); // across the clerk's links
            await sim.Delay(TimeSpan.FromMilliseconds(200)); // executed on the primary and the backup
            cluster.Network.OnCallEvent = null;
            cluster.CrashServer(first.Backup);
            await cluster.WaitForViewAsync(v => v.Primary == first.Primary && v.Backup == third, Wait, "view with a new backup");
            await sim.Delay(TimeSpan.FromSeconds(1)); // the new backup is given the state
            cluster.CrashServer(first.Primary);
            await cluster.WaitForViewAsync(v => v.Primary == third, Wait, "view with the new backup promoted");
            cluster.Isolate(clerk, false);
            await append;
            return (old, await ck.GetAsync("k"));
        });
    }

    /// <summary>
    /// The primary crashes the moment its answer to a Put leaves it (the answer still arrives); the backup is promoted.
    /// Returns what the clerk then reads (the key held "a"; the Put wrote "b") and the linearizability verdict.
    /// </summary>
    public static (string Read, CheckOutcome Linearizable) CrashAsTheAnswerLeaves(IPbImplementation implementation, ulong seed)
    {
        using var cluster = new PbCluster(implementation, seed, new PbClusterOptions { Simulation = Budget });
        var ck = cluster.MakeClerk();
        var sim = cluster.Simulation;
        string read = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            await ck.PutAsync("k", "a");
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.ReplySent && e.End == $"clerk0->{first.Primary}") cluster.CrashServer(first.Primary);
            };
            await ck.PutAsync("k", "b");
            cluster.Network.OnCallEvent = null;
            return await ck.GetAsync("k");
        });
        return (read, Judge(cluster, "crash as the answer leaves"));
    }

    /// <summary>What <see cref="StalePrimary"/> saw.</summary>
    public sealed record StaleOutcome(int StaleCalls, string Read, string Final, CheckOutcome Linearizable);

    /// <summary>
    /// The primary is cut off from the view service, which promotes the backup; a clerk writes "new" through the new
    /// primary. Two clerks that still believe in the old primary then read that key and write another.
    /// </summary>
    public static StaleOutcome StalePrimary(IPbImplementation implementation, ulong seed)
    {
        using var cluster = new PbCluster(implementation, seed, new PbClusterOptions { Simulation = Budget });
        var reader = cluster.MakeClerk();
        var fresh = cluster.MakeClerk();
        var writer = cluster.MakeClerk();
        var sim = cluster.Simulation;
        int staleCalls = 0;
        var (read, final) = sim.Run(async () =>
        {
            var first = await cluster.WaitForPrimaryAndBackupAsync();
            await reader.PutAsync("k", "old");
            await writer.GetAsync("k2");
            cluster.Cut(first.Primary, PbCluster.ViewServiceName);
            await cluster.WaitForViewAsync(v => v.Primary == first.Backup && v.Backup.Length > 0, Wait, "view with the backup promoted");
            await fresh.PutAsync("k", "new");
            await sim.Delay(TimeSpan.FromMilliseconds(300)); // the new primary has given its backup the state and acknowledged
            cluster.Network.OnCallEvent = e =>
            {
                if (e.Stage == CallStage.Sent && (e.End == $"clerk0->{first.Primary}" || e.End == $"clerk2->{first.Primary}")) staleCalls++;
            };
            string read = await reader.GetAsync("k");
            await writer.PutAsync("k2", "stale-clerk");
            return (read, await fresh.GetAsync("k2"));
        });
        return new StaleOutcome(staleCalls, read, final, Judge(cluster, "stale primary"));
    }

    /// <summary>What <see cref="ConcurrentWithCrashes"/> saw.</summary>
    public sealed record ConcurrentOutcome(int Ops, int Crashes, IReadOnlyList<string> AtMostOnce, CheckOutcome Linearizable);

    /// <summary>Four clerks, 15 operations each on two keys (Append tokens unique), on an unreliable network; the primary
    /// crashes for a second, then later the backup; then a final read of each key.</summary>
    public static ConcurrentOutcome ConcurrentWithCrashes(IPbImplementation implementation, ulong seed)
    {
        using var cluster = new PbCluster(implementation, seed, new PbClusterOptions { Unreliable = true, Simulation = Budget });
        var clerks = Enumerable.Range(0, 4).Select(_ => cluster.MakeClerk()).ToArray();
        var reader = cluster.MakeClerk();
        var sim = cluster.Simulation;
        var finals = new Dictionary<string, string>(StringComparer.Ordinal);
        sim.Run(async () =>
        {
            await cluster.WaitForPrimaryAndBackupAsync();
            var work = clerks.Select((ck, c) => sim.Spawn(async () =>
            {
                for (int i = 0; i < 15; i++)
                {
                    string key = Workload.Key(sim.Random.Next(2));
                    int pick = sim.Random.Next(3);
                    if (pick == 0) await ck.GetAsync(key);
                    else if (pick == 1) await ck.PutAsync(key, Workload.PutValue(c, i));
                    else await ck.AppendAsync(key, Workload.Token(c, i));
                    await sim.Delay(TimeSpan.FromMilliseconds(sim.Random.Next(120)));
                }
            }, "clerk " + c)).ToList();
            await sim.Delay(TimeSpan.FromMilliseconds(150));
            var first = await cluster.ViewAsync();
            cluster.CrashServerFor(first.Primary, TimeSpan.FromSeconds(1));
            var second = await cluster.WaitForViewAsync(v => v.Primary == first.Backup && v.Backup.Length > 0, Wait, "view with the backup promoted");
            await sim.Delay(TimeSpan.FromMilliseconds(300));
            cluster.CrashServerFor(second.Backup, TimeSpan.FromSeconds(1));
            await Task.WhenAll(work);
            foreach (var key in new[] { Workload.Key(0), Workload.Key(1) }) finals[key] = await reader.GetAsync(key);
        });
        var history = cluster.History!.ToOperations();
        return new ConcurrentOutcome(cluster.Ops, cluster.Crashes, AtMostOnceChecker.Check(history, finals, reader.Id), Judge(cluster, "concurrent clerks"));
    }

    /// <summary>The linearizability checker's verdict on the cluster's history (Illegal rather than an exception).</summary>
    private static CheckOutcome Judge(PbCluster cluster, string title)
    {
        try
        {
            return cluster.CheckLinearizable(title).Outcome;
        }
        catch (KvCheckFailedException error) when (!error.Unknown)
        {
            return CheckOutcome.Illegal;
        }
    }
}
