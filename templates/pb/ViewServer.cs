using KvService.Contract.PrimaryBackup;
using LabRpc;

namespace MyPb;

// Lab 2A: the view service. Its rules are in docs/students/primary-backup.md ("The view service"); the suite's
// viewservice group checks them one by one. In short:
//   - a server that has not pinged for ViewService.DeadAfter (5 ping intervals) is dead;
//   - a server that pings 0 after a higher number, or while it holds the state, has restarted: it lost its state;
//   - the first server to ping is the primary of view 1;
//   - the view changes only once its primary has acknowledged it (pinged its number): to replace a dead or restarted
//     backup, or to take an idle server as backup when there is none;
//   - when the primary is dead or restarted, the view changes at once: the new primary is a server that holds every
//     acknowledged write (the backup if it does, else another such "holder" in name order), never any other server;
//     with no holder alive, wait.
public sealed class ViewServer
{
    readonly IRuntime runtime;
    View view = View.None;

    public ViewServer(IRuntime runtime)
    {
        this.runtime = runtime;
        runtime.Go(TickerAsync, "view service ticker");
    }

    // A server is alive and acknowledges view args.ViewNumber. Answer with the current view.
    public PingReply Ping(PingArgs args)
    {
        // TODO: record the ping's time and the number; notice restarts; start view 1; note acknowledgements and
        // holders; change the view if a change is due.
        return new PingReply(view);
    }

    // The current view; asking changes nothing.
    public GetViewReply Get(GetViewArgs args) => new(view);

    async Task TickerAsync()
    {
        while (true)
        {
            await runtime.Delay(ViewService.PingInterval);
            // TODO: a primary or backup that stopped pinging is dead: change the view if a change is due.
        }
    }
}
