using KvService.Harness;
using KvService.Reference;

namespace LabRpc.Tests.Kv;

/// <summary>The suite's linearizability check never guesses: a check that cannot decide fails as unknown.</summary>
public sealed class ClusterCheckTests
{
    [Test]
    public void ACheckThatRunsOutOfTimeFailsAsUnknownInsteadOfPassing()
    {
        using var cluster = new KvCluster(new ReferenceKv(), 1, new KvClusterOptions { RecordHistory = true });
        var clerks = cluster.MakeClerks(20);
        cluster.Simulation.Run(async () =>
        {
            await Task.WhenAll(clerks.Select(async clerk =>
            {
                for (int i = 0; i < 50; i++) await clerk.PutAsync("k", clerk.Id + "." + i);
            }));
        });

        // No time at all: a limit of one tick is a real timer, which a warm checker can beat on 1000 operations.
        Assert.That(() => cluster.CheckLinearizable(TimeSpan.Zero),
            Throws.TypeOf<KvCheckFailedException>().With.Message.Contains("could not decide").And.Message.Contains("unknown, not a pass"));
        Assert.That(cluster.CheckLinearizable().Outcome, Is.EqualTo(LabRpc.Linearizability.CheckOutcome.Ok), "given time, it decides");
    }
}
