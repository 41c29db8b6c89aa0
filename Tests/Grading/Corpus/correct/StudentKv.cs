using KvService.Contract;
using LabRpc;

namespace Students.Correct;

// Lab 2 (kvsrv): the factory the grader uses to start my server and make clerks.
public sealed class StudentKv : IKvImplementation
{
    public string Name => "correct";

    public Server CreateServer(Node node, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(new KvServer(persister)));
        return server;
    }

    public IKvClerk CreateClerk(Simulation simulation, IReadOnlyList<ClientEnd> servers) =>
        new Clerk(simulation, servers[0]);
}
