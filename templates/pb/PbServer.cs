using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using LabRpc;

namespace MyPb;

// Lab 2B: a primary/backup server. Its rules are in docs/students/primary-backup.md ("The server"). In short:
//   - ping the view service every ViewService.PingInterval with the number of the view you acknowledge, from a loop that
//     never waits for your lock; send a lost ping again after 10 ms a few times; take a newer view from the answer at once;
//   - as primary: before you serve with a new backup, send it your whole state (values and duplicate table); forward
//     every Put and Append to the backup, and confirm every Get with it, before you answer; serve a view only once a
//     ping's answer shows the view service recorded your acknowledgement;
//   - as backup: take forwards and state transfers only from the primary of the view you know, and apply each write
//     at most once;
//   - a restarted server starts empty: the persister tells it that it ran before.
// The messages between servers (a forward, a state transfer) are yours to define: public records.
public sealed class PbServer
{
    public const string ServiceName = "PbServer";

    readonly IRuntime runtime;
    readonly string me;
    readonly ClientEnd viewService;
    readonly IReadOnlyDictionary<string, ClientEnd> peers;
    readonly AsyncLock mu = new(); // a lock that may be held across an await
    readonly bool restarted;
    View view = View.None;
    bool hasState; // the first primary, or given the state as backup

    public PbServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    {
        this.runtime = runtime;
        this.me = me;
        this.viewService = viewService;
        this.peers = peers;
        // The disk survives a crash, memory does not: remember only that this server ran before, so that a restarted one
        // (empty) never takes the first view's primary role.
        restarted = persister.Length("started") >= 0;
        if (!restarted) persister.Write("started", [1]);
        runtime.Go(TickerAsync, "ticker " + me);
    }

    public async Task<PbGetReply> Get(GetArgs args)
    {
        using var held = await mu.LockAsync();
        // TODO: as the primary of a view it may serve, confirm with the backup, then answer.
        return new PbGetReply(PbError.WrongServer, "");
    }

    public async Task<PbPutReply> Put(PutArgs args)
    {
        using var held = await mu.LockAsync();
        // TODO: a write seen before (args.ClientId, args.Seq) is answered as before; else forward it, apply it, answer.
        return new PbPutReply(PbError.WrongServer);
    }

    public async Task<PbAppendReply> Append(AppendArgs args)
    {
        using var held = await mu.LockAsync();
        // TODO: as Put; the answer carries the value before the append.
        return new PbAppendReply(PbError.WrongServer, "");
    }

    async Task TickerAsync()
    {
        while (true)
        {
            long number = hasState ? view.Number : 0; // TODO: the number the rules say (a primary whose backup lacks the state, a backup waiting for it)
            var (ok, reply) = await viewService.Call<PingReply>(ViewService.Ping, new PingArgs(me, number));
            if (ok && reply!.View.Number > view.Number)
            {
                view = reply.View;
                if (view.Number == 1 && view.Primary == me && !restarted) hasState = true; // the first primary: the (empty) state is all there is
            }
            // TODO: note whether the answer shows your acknowledgement recorded; as the primary of a view whose backup lacks
            // the state, send it the state in a task of its own (runtime.Go) that holds mu; send a lost ping again sooner.
            await runtime.Delay(ViewService.PingInterval);
        }
    }

    // Sends `args` to this class's handler `method` on the backup (a Forward or a Transfer you write: public methods
    // taking and returning public records); true if the call arrived and was answered.
    async Task<(bool Ok, TReply? Reply)> CallBackupAsync<TReply>(string method, object args)
    {
        if (view.Backup.Length == 0 || !peers.TryGetValue(view.Backup, out var backup)) return (false, default);
        var (ok, reply) = await backup.Call<TReply>(ServiceName + "." + method, args);
        return (ok, reply);
    }
}
