using LabRpc;
using KvService.Contract;
using KvService.Contract.PrimaryBackup;

namespace Students.PbCorrect;

/// <summary>
/// A plain primary/backup implementation written from the student guide alone (docs/students/primary-backup.md), in the
/// shape of the template (<c>templates/pb</c>): a view service, a server with one lock around everything whose primary
/// pushes its state to the backup, and a clerk; it references nothing but the contract. The PB suite runs against it
/// when <c>LABRPC_PB_IMPL</c> is unset, so that the suite is known to pass code written the ordinary way, and the broken
/// zoo's student-style members each override one of its decisions.
/// </summary>
public class PlainPb : IPbImplementation
{
    /// <inheritdoc/>
    public virtual string Name => "student-pb";

    /// <inheritdoc/>
    public Server CreateViewServer(IRuntime runtime) => new(new Service(new PlainViewServer(runtime), ViewService.ServiceName));

    /// <inheritdoc/>
    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new(new Service(MakeServer(runtime, persister, me, viewService, peers), PlainServer.ServiceName));

    /// <inheritdoc/>
    public virtual IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        new PlainClerk(runtime, viewService, servers);

    /// <summary>The server (a broken member makes a subclass).</summary>
    protected virtual PlainServer MakeServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new(runtime, persister, me, viewService, peers);

    /// <inheritdoc/>
    public override string ToString() => Name;
}
