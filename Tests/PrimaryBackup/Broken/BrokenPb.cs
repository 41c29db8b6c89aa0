using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.Reference;
using KvService.PrimaryBackup.ViewService;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>A deliberately broken primary/backup implementation: the reference view service and clerk, and a server
/// with one bug (a subclass of the reference server that overrides one decision).</summary>
public sealed class BrokenPb(string name, Func<IRuntime, Persister, string, ClientEnd, IReadOnlyDictionary<string, ClientEnd>, PbServer> makeServer)
    : IPbImplementation
{
    public string Name => name;

    public Server CreateViewServer(IRuntime runtime) => new(new Service(new ViewServer(runtime), KvService.Contract.PrimaryBackup.ViewService.ServiceName));

    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        new(new Service(makeServer(runtime, persister, me, viewService, peers), PbServer.ServiceName));

    public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        new PbClerk(runtime, viewService, servers);

    public override string ToString() => name;

    /// <summary>The primary answers a write before the backup has it (the forward goes out on its own).</summary>
    public static BrokenPb AnswersBeforeBackup { get; } = new("answers-before-backup", (r, p, me, vs, peers) => new AnswersBeforeBackupServer(r, p, me, vs, peers));

    /// <summary>The backup takes forwards from the primary of an older view (split brain).</summary>
    public static BrokenPb AcceptsStalePrimary { get; } = new("accepts-stale-primary", (r, p, me, vs, peers) => new AcceptsStalePrimaryServer(r, p, me, vs, peers));

    /// <summary>A state transfer leaves out the duplicate table.</summary>
    public static BrokenPb TransferWithoutDuplicates { get; } = new("transfer-without-duplicates", (r, p, me, vs, peers) => new TransferWithoutDuplicatesServer(r, p, me, vs, peers));

    /// <summary>The primary answers Gets without its backup's confirmation: replaced, it keeps serving.</summary>
    public static BrokenPb ServesAfterReplaced { get; } = new("serves-after-replaced", (r, p, me, vs, peers) => new ServesAfterReplacedServer(r, p, me, vs, peers));

    /// <summary>Every member, as test cases named after it.</summary>
    public static IEnumerable<TestCaseData> Members() =>
        new[] { AnswersBeforeBackup, AcceptsStalePrimary, TransferWithoutDuplicates, ServesAfterReplaced }
            .Select(member => new TestCaseData(member).SetArgDisplayNames(member.Name));
}
