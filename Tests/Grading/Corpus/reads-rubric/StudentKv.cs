using KvService.Contract;
using LabRpc;

namespace Students.ReadsRubric;

// Lab 2 (kvsrv): the factory the grader uses to start my server and make clerks.
public sealed class StudentKv : IKvImplementation
{
    public string Name => "reads-rubric";

    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(new KvServer(persister)));
        return server;
    }

    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) =>
        new Clerk(runtime, servers[0]);
}
