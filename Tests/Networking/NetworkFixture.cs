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

    /// <summary>
    /// Runs <paramref name="clients"/> concurrent clients, each on its own end, each making <paramref name="calls"/>
    /// sequential calls of Handler2 with argument client × 100 + call; <paramref name="observe"/> sees each outcome.
    /// </summary>
    public void RunClients(int clients, int calls, Action<int, CallResult<string>> observe)
    {
        Sim.Run(async () =>
        {
            var tasks = new List<Task>();
            for (int c = 0; c < clients; c++)
            {
                var end = End("c" + c);
                int client = c;
                tasks.Add(Sim.Spawn(async () =>
                {
                    for (int j = 0; j < calls; j++)
                    {
                        int arg = client * 100 + j;
                        observe(arg, await end.Call<string>("JunkServer.Handler2", arg));
                    }
                }));
            }
            await Task.WhenAll(tasks);
        });
    }

    public void Dispose()
    {
        Net.Dispose();
        Sim.Dispose();
    }
}
