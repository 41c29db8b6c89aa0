using KvService.Contract;
using LabRpc;

namespace mykv;

/// <summary>What the grader and the tests make your server and clerks with. Keep a public parameterless constructor.</summary>
public sealed class MyKv : IKvImplementation
{
    public string Name => "mykv";

    /// <summary>A new server on its node, with that node's persister: after a crash it is made again with the same persister.</summary>
    public Server CreateServer(IRuntime runtime, Persister persister)
    {
        var server = new Server();
        server.AddService(new Service(new KvServer(persister))); // its methods are called as "KvServer.Get", "KvServer.Put", ...
        return server;
    }

    /// <summary>A new clerk, with the ends it calls the server through.</summary>
    public IKvClerk CreateClerk(IRuntime runtime, IReadOnlyList<ClientEnd> servers) => new Clerk(runtime, servers[0]);
}
