using LabRpc.Tests.Networking;

namespace LabRpc.Tests.Rpc;

public sealed class DispatchTests
{
    [Test]
    public void UnknownMethodIsAClearErrorListingWhatTheServiceOffers()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        var error = Assert.Throws<RpcMethodNotFoundException>(() => f.Sim.Run(async () => await end.Call<int>("JunkServer.Handler9", 1)));
        Assert.That(error!.Message, Does.Contain("no method 'JunkServer.Handler9'")
            .And.Contain("JunkServer.Handler1(String) -> Int32")
            .And.Contain("JunkServer.Handler3(Int32) -> Task<Int32>"));
    }

    [Test]
    public void UnknownServiceIsNamed()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        var error = Assert.Throws<RpcMethodNotFoundException>(() => f.Sim.Run(async () => await end.Call<int>("Nope.Handler1", 1)));
        Assert.That(error!.Message, Does.Contain("no service 'Nope'"));
    }

    public sealed class Shapes
    {
        public int Good(int x) => x;

        public int TwoArgs(int x, int y) => x + y;

        public void NoReply(int x) { }
    }

    [TestCase("Shapes.TwoArgs", "exists but is not a handler: a handler takes exactly one argument")]
    [TestCase("Shapes.NoReply", "exists but is not a handler: a handler returns a reply")]
    public void MethodOfTheWrongShapeIsExplained(string method, string explanation)
    {
        using var sim = new Simulation(1);
        var net = new Network(sim);
        var service = new Service(new Shapes());
        Assert.That(service.Methods, Is.EquivalentTo(new[] { "Good" }));
        net.AddServer("s", new Server(service));
        var end = net.MakeEnd("e", "s");
        var error = Assert.Throws<RpcMethodNotFoundException>(() => sim.Run(async () => await end.Call<int>(method, 1)));
        Assert.That(error!.Message, Does.Contain(explanation).And.Contain("Shapes.Good(Int32) -> Int32"));
    }

    [Test]
    public void AFailedSimulationRefusesToRunAgain()
    {
        using var sim = new Simulation(1);
        Assert.Throws<InvalidOperationException>(() => sim.Run(() => throw new InvalidOperationException("first")));
        var error = Assert.Throws<InvalidOperationException>(() => sim.Run(() => Task.CompletedTask));
        Assert.That(error!.Message, Does.Contain("create a new Simulation"));
    }

    public sealed class Thrower
    {
        public int Boom(int x) => throw new InvalidOperationException("bad state " + x);
    }

    [Test]
    public void HandlerThatThrowsFailsTheRunNamingTheMethod()
    {
        using var sim = new Simulation(1);
        var net = new Network(sim);
        net.AddServer("s", new Server(new Service(new Thrower())));
        var end = net.MakeEnd("e", "s");
        var error = Assert.Throws<RpcHandlerException>(() => sim.Run(async () => await end.Call<int>("Thrower.Boom", 3)));
        Assert.That(error!.Message, Does.Contain("Thrower.Boom").And.Contain("bad state 3").And.Contain("server 's'"));
        Assert.That(error.InnerException, Is.InstanceOf<InvalidOperationException>());
    }

    [Test]
    public void WrongArgumentTypeIsAClearDecodeError()
    {
        using var f = new NetworkFixture();
        var end = f.End("e");
        var error = Assert.Throws<RpcException>(() => f.Sim.Run(async () => await end.Call<int>("JunkServer.Handler1", new JunkArgs(3))));
        Assert.That(error!.Message, Does.Contain("arguments of JunkServer.Handler1 could not be decoded as String"));
    }
}
