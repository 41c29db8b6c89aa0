using KvService.Real;
using KvService.Reference;
using KvService.Scenarios;
using LabRpc.Tests.Scenarios.Broken;

namespace LabRpc.Tests.Real;

/// <summary>
/// The real-run check (<c>chaos</c>) on a real server process: killed with SIGKILL again and again, behind a proxy that
/// drops, delays and cuts. The reference passes (nothing acknowledged is lost, nothing applied twice); an implementation
/// without a duplicate table is caught on the real network as in the simulation.
/// </summary>
[NonParallelizable]
public sealed class RealRunTests
{
    [Test]
    public async Task TheReferenceLosesNothingAcknowledgedAcrossManyKillsOfItsProcess()
    {
        var result = await ChaosRun.RunAsync(new ReferenceKv(), new ChaosOptions
        {
            Folder = RealPaths.Scratch("kills"),
            Clients = 3,
            Duration = TimeSpan.FromSeconds(8),
            KillEvery = (TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(300)),
            Down = (TimeSpan.Zero, TimeSpan.FromMilliseconds(50)),
            Proxy = null,
            PartitionEvery = null,
        });
        Assert.That(result.Kills, Is.GreaterThanOrEqualTo(3), "the server was killed again and again (each restart starts a process)");
        Assert.That(result.History.Count(op => op.IsOutcomeKnown), Is.GreaterThan(result.Kills), "every incarnation answered before it was killed");
        Assert.That(result.Passed, Is.True, result.Describe());
    }

    [Test]
    public async Task TheReferencePassesARunWithEveryFault()
    {
        string folder = RealPaths.Scratch("all-faults");
        var result = await ChaosRun.RunAsync(new ReferenceKv(), new ChaosOptions { Folder = folder, Duration = TimeSpan.FromSeconds(5) });
        Assert.That(result.Passed, Is.True, result.Describe());
        Assert.That(result.Kills, Is.GreaterThan(0));
        Assert.That(result.Proxy!.RequestsDropped + result.Proxy.RepliesDropped, Is.GreaterThan(0));
        result.WriteArtifacts(folder);
        Assert.That(File.ReadAllText(Path.Combine(folder, "run.log")), Does.Contain("kill -9").And.Contain("server #2:"),
            "the log holds the harness's events and what each incarnation of the server printed");
        Assert.That(File.Exists(Path.Combine(folder, "history.html")) && File.Exists(Path.Combine(folder, "history.txt")), Is.True);
    }

    [Test]
    public async Task AServerWithoutADuplicateTableIsCaughtOnTheRealNetwork()
    {
        string spec = $"{typeof(NoDuplicateTableKv).Assembly.Location}:{typeof(NoDuplicateTableKv).FullName}";
        var result = await ChaosRun.RunAsync(new NoDuplicateTableKv(), new ChaosOptions
        {
            Implementation = spec,
            Folder = RealPaths.Scratch("no-dup-table"),
            Duration = TimeSpan.FromSeconds(4),
            KillEvery = null,
            PartitionEvery = null,
            Proxy = new FaultProxyOptions { ReplyDropRate = 0.2 },
        });
        Assert.That(result.Failed, Is.True, result.Describe());
        Assert.That(result.Violations.Select(v => v.Kind), Does.Contain(ViolationKind.AtMostOnce).Or.Contain(ViolationKind.NotLinearizable));
    }
}
