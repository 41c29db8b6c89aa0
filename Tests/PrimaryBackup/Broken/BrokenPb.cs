using KvService.Contract;
using KvService.Contract.PrimaryBackup;

namespace LabRpc.Tests.PrimaryBackup.Broken;

/// <summary>A deliberately broken primary/backup implementation: one flaw class of the lab, on the reference (a subclass
/// of the reference server that overrides one decision) or on the plain student-style implementation
/// (<see cref="Plain.PlainPb"/>, a subclass that overrides one decision of its server or clerk).</summary>
public sealed class BrokenPb(string name, string flaw, IPbImplementation inner) : IPbImplementation
{
    public string Name => name;

    /// <summary>The flaw, in the words of the table of flaw classes.</summary>
    public string Flaw => flaw;

    public Server CreateViewServer(IRuntime runtime) => inner.CreateViewServer(runtime);

    public Server CreateServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers) =>
        inner.CreateServer(runtime, persister, me, viewService, peers);

    public IKvClerk CreateClerk(IRuntime runtime, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> servers) =>
        inner.CreateClerk(runtime, viewService, servers);

    public override string ToString() => name;

    /// <summary>The primary answers a write before the backup has it (the forward goes out on its own).</summary>
    public static BrokenPb AnswersBeforeBackup { get; } = new("answers-before-backup",
        "the primary applies and answers, forwarding to the backup in the background",
        new ReferenceWithServer((r, p, me, vs, peers) => new AnswersBeforeBackupServer(r, p, me, vs, peers)));

    /// <summary>The backup takes forwards from the primary of an older view (split brain).</summary>
    public static BrokenPb AcceptsStalePrimary { get; } = new("accepts-stale-primary",
        "the backup takes forwards without checking the view",
        new ReferenceWithServer((r, p, me, vs, peers) => new AcceptsStalePrimaryServer(r, p, me, vs, peers)));

    /// <summary>A state transfer leaves out the duplicate table.</summary>
    public static BrokenPb TransferWithoutDuplicates { get; } = new("transfer-without-duplicates",
        "state transfer without the duplicate table",
        new ReferenceWithServer((r, p, me, vs, peers) => new TransferWithoutDuplicatesServer(r, p, me, vs, peers)));

    /// <summary>The primary answers Gets without its backup's confirmation: replaced, it keeps serving.</summary>
    public static BrokenPb ServesAfterReplaced { get; } = new("serves-after-replaced",
        "Gets not confirmed with the backup",
        new ReferenceWithServer((r, p, me, vs, peers) => new ServesAfterReplacedServer(r, p, me, vs, peers)));

    /// <summary>The backup applies every forward it gets, a retried one again.</summary>
    public static BrokenPb ReappliesForwards { get; } = new("reapplies-forwards",
        "the backup re-applies a forwarded Append", new ReappliesForwardsPb());

    /// <summary>The clerk keeps the primary it was first told of.</summary>
    public static BrokenPb NeverAsksAgain { get; } = new("never-asks-again",
        "the clerk never asks the view service again", new NeverAsksAgainPb());

    /// <summary>The state copied before taking the lock, then sent as the newest transfer.</summary>
    public static BrokenPb CopiesStateBeforeLock { get; } = new("copies-state-before-lock",
        "state copied before taking the lock, then installed as the newest transfer", new CopiesStateBeforeLockPb());

    /// <summary>A write is a duplicate only if its sequence number is its client's last, and Gets overwrite the entry.</summary>
    public static BrokenPb LastSequenceOnly { get; } = new("last-sequence-only",
        "duplicate detected only if seq equals the client's last; Gets overwrite the entry", new LastSequenceOnlyPb());

    /// <summary>Every member, in the order of the table.</summary>
    public static IReadOnlyList<BrokenPb> All { get; } =
        [AnswersBeforeBackup, AcceptsStalePrimary, TransferWithoutDuplicates, ServesAfterReplaced, ReappliesForwards, NeverAsksAgain, CopiesStateBeforeLock, LastSequenceOnly];

    /// <summary>Every member, as test cases named after it.</summary>
    public static IEnumerable<TestCaseData> Members() => All.Select(member => new TestCaseData(member).SetArgDisplayNames(member.Name));
}
