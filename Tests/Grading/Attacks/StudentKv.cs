using KvService.Contract;
using LabRpc;

namespace Students.NoDuplicateDetection;

// Every attack is the no-duplicate-detection submission (it deserves 25 of the attack rubric's 100 points) with this
// factory in place of its own: the attack (Attack.cs, one per folder) runs each time a server is made.
public sealed class StudentKv : IKvImplementation
{
    public string Name => "attack";

    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        Attack.Run(runtime);
        var server = new Server();
        server.AddService(new Service(new KvServer(persister)));
        return server;
    }

    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) =>
        new Clerk(runtime, servers[0]);
}
