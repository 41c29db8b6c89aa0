using System.Runtime.CompilerServices;

namespace LabRpc.Tests.Networking;

public sealed class RetentionTests
{
    [Test]
    public void AFinishedRunKeepsNoReferenceToItsLastCallsReply()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        var reply = CallAndWatch(f.Sim, end);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.That(reply.IsAlive, Is.False, "the reply of the run's last call is still reachable");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static WeakReference CallAndWatch(Simulation sim, ClientEnd end)
    {
        var watch = new WeakReference(null);
        sim.Run(async () =>
        {
            var (ok, reply) = await end.Call<string>("JunkServer.Handler7", 100_000);
            Assert.That(ok, Is.True);
            watch.Target = reply;
        });
        return watch;
    }
}
