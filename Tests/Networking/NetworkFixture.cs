namespace LabRpc.Tests.Networking;

/// <summary>A simulation with a network and one JunkServer named "server" on node "server".</summary>
public sealed class NetworkFixture : IDisposable
{
    public NetworkFixture(ulong seed = 1, SimulationOptions? options = null)
    {
        Sim = new Simulation(seed, options);
        Net = new Network(Sim);
        Junk = new JunkServer(Sim);
        Server = new Server(new Service(Junk));
        ServerNode = Sim.CreateNode("server");
        Net.AddServer("server", Server, ServerNode);
    }

    public Simulation Sim { get; }

    public Network Net { get; }

    public JunkServer Junk { get; }

    public Server Server { get; }

    public Node ServerNode { get; }

    /// <summary>A new end, connected to "server" and enabled.</summary>
    public ClientEnd End(string name)
    {
        return Net.MakeEnd(name, "server");
    }

    public void Dispose()
    {
        Net.Dispose();
        Sim.Dispose();
    }
}
