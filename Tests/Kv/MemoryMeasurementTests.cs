using KvService.Harness;
using LabRpc.Tests.Kv.Memory;
using LabRpc.Tests.Kv.Plain;
using KvService.Suite;

namespace LabRpc.Tests.Kv;

/// <summary>The memory checks charge what the server keeps, in copies of the value as it stores it, and nothing of the
/// runtime's pools.</summary>
[NonParallelizable]
public sealed class MemoryMeasurementTests
{
    [Test]
    public void AServerThatKeepsOverwrittenValuesFailsWithTheNumbers()
    {
        // The 20 MiB string kept shows as 20 MiB, one copy. What else the process does meanwhile (a thread a blocked run left
        // behind, the runtime's own work) can only add to a measurement: of three, the smallest is the server's.
        var messages = Enumerable.Range(0, 3)
            .Select(_ => Assert.Throws<KvCheckFailedException>(() => KvMemoryChecks.Put(new OverKeepingKv(), 12, TestContext.Out))!.Message)
            .ToList();
        TestContext.Out.WriteLine($"  ... failed as it should: {string.Join(" | ", messages)}");
        Assert.That(messages, Has.All.Contain("less than 0.5 copies"));
        Assert.That(messages, Has.Some.Match(@"holds (19\.9\d|20\.0\d) MiB after the 10 MiB value was overwritten, (0\.99|1\.00) copies of the value"));
    }

    [Test]
    public void OneCopyIsTheValueAsTheServerStoresIt()
    {
        const int length = 1_000_000; // the length ManyAppends measures a copy of: measured once per process
        var plain = ValueCopy.Of(new PlainKv(), length);
        var reference = ValueCopy.Of(new KvService.Reference.ReferenceKv(), length);
        TestContext.Out.WriteLine($"plain: {plain}; reference: {reference}");
        Assert.That(plain.Bytes, Is.InRange(2L * length - ValueCopy.Overhead, 2L * length + ValueCopy.Overhead), "a .NET string: two bytes per character");
        Assert.That(reference.Bytes, Is.InRange(length - ValueCopy.Overhead, length + ValueCopy.Overhead), "UTF-8: one byte per character");
    }

    [Test]
    public void BuffersAPoolKeepsAreNotChargedToTheServer()
    {
        const int length = 10 << 20;
        var implementation = new PoolingKv();
        var held = HeldMemory.Measure(implementation, probe =>
        {
            using var cluster = new KvCluster(implementation, 12);
            var ck0 = cluster.MakeClerk();
            var ck1 = cluster.MakeClerk();
            probe.Baseline();
            cluster.Simulation.Run(async () =>
            {
                await PutBig(cluster.Simulation, ck0, length);
                await ck1.PutAsync("k", "");
            });
            probe.End(cluster);
        });
        GC.KeepAlive(implementation); // its pool outlives the cluster, as a static or the runtime's pool does
        TestContext.Out.WriteLine($"held {held.Held:N0} bytes; the process heap grew by {held.ProcessGrowth:N0}");
        Assert.That(held.ProcessGrowth, Is.GreaterThan(32L << 20), "the pool kept the 50 MiB buffer (measured as the heap's growth, it was charged to the server)");
        Assert.That(held.Held, Is.LessThan(64 * 1024), "the server keeps nothing of the overwritten value");
    }

    [Test]
    public void APoolingServerPassesTheCoursesPutTest() =>
        Assert.DoesNotThrow(() => KvMemoryChecks.Put(new PoolingKv(), 12, TestContext.Out));

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static Task PutBig(Simulation sim, KvService.Contract.IKvClerk ck, int length) => ck.PutAsync("k", KvText.RandomValue(sim.Random, length));
}
