namespace LabRpc.Tests.Networking;

public sealed class CallEventTests
{
    [Test]
    public void ReportsEachStageOfASuccessfulCallInOrder()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        var stages = new List<CallStage>();
        f.Net.OnCallEvent = e => stages.Add(e.Stage);
        f.Sim.Run(async () => await end.Call<string>("JunkServer.Handler2", 1));
        Assert.That(stages, Is.EqualTo(new[] { CallStage.Sent, CallStage.Arrived, CallStage.Executed, CallStage.ReplySent, CallStage.Delivered }));
    }

    [TestCase(CallStage.Arrived, false, false)]
    [TestCase(CallStage.Executed, true, false)]
    [TestCase(CallStage.ReplySent, true, true)]
    public void KillingTheServerAtAStageDecidesWhetherItExecutedAndWhetherTheReplyArrives(CallStage stage, bool executed, bool delivered)
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        f.Net.OnCallEvent = e =>
        {
            if (e.Stage == stage) f.ServerNode.Kill();
        };
        var (ok, reply) = f.Sim.Run(() => end.Call<string>("JunkServer.Handler2", 5).AsTask());
        Assert.That(f.Junk.Log2.Count == 1, Is.EqualTo(executed), "handler ran");
        Assert.That(ok, Is.EqualTo(delivered), "reply delivered");
        if (delivered) Assert.That(reply, Is.EqualTo("handler2-5"));
    }
}
