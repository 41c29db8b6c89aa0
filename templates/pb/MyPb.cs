using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using LabRpc;

namespace MyPb;

// The factory the harness (the PB suite, `check --service pb`, the grader) uses to start your view service and
// servers and to make clerks. Each runs on a simulated node of its own: `runtime` is that node's world (Time, Random,
// Delay, Go, LoggerFactory). Keep the public parameterless constructor.
public sealed class MyPb : IPbImplementation
{
    public string Name => "mypb";

    // Lab 2A. The handlers must be registered under "ViewServer" with the methods Ping and Get
    // (ViewService.ServiceName, ViewService.Ping, ViewService.Get): the harness asks Get for the view.
    public Server CreateViewServer(IRuntime runtime) =>
        new(new Service(new ViewServer(runtime), ViewService.ServiceName));

    // Lab 2B. `me` is this server's name ("pb0", "pb1", ...), `peers` has an end to every other server, keyed by name.
    // After a crash the harness calls this again, with the same persister.
    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new(new Service(new PbServer(runtime, persister, me, viewService, peers), PbServer.ServiceName));

    // A clerk with an end to the view service and one to each server, keyed by name.
    public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        new Clerk(runtime, viewService, servers);
}
