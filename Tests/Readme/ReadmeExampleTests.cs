namespace LabRpc.Tests.Readme;

public sealed record EchoArgs(string Text);

public sealed record EchoReply(string Text);

public sealed class Echo
{
    public EchoReply Say(EchoArgs a) => new(a.Text + "!");
}

/// <summary>The README's first example, as written there, so that it cannot rot.</summary>
public sealed class ReadmeExampleTests
{
    [Test]
    public void SimulateAServiceExampleRunsAsDocumented()
    {
        using var sim = new Simulation(seed: 42);
        var net = new Network(sim) { Reliable = false };
        var server = new Server();
        server.AddService(new Service(new Echo()));
        net.AddServer("s1", server, sim.CreateNode("s1"));
        var end = net.MakeEnd("client");
        net.Connect("client", "s1");
        net.Enable("client", true);

        EchoReply? answer = null;
        sim.Run(async () =>
        {
            bool ok;
            do (ok, answer) = await end.Call<EchoReply>("Echo.Say", new EchoArgs("hi"));
            while (!ok);
            await Task.Delay(TimeSpan.FromSeconds(30), sim.Time);
        });

        Assert.That(answer, Is.EqualTo(new EchoReply("hi!")));
        Assert.That(sim.Elapsed, Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(30)));
        Assert.That(sim.Elapsed, Is.LessThan(TimeSpan.FromSeconds(31)));
    }
}
