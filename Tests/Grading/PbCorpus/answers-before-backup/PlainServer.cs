using LabRpc;
using KvService.Contract;
using KvService.Contract.PrimaryBackup;

namespace Students.PbAnswersBeforeBackup;

/// <summary>
/// The plain primary/backup server: one lock around everything but the ping and the view it answers with (the state
/// transfer, every client request).
/// The primary pushes its whole state to a new backup, then acknowledges the view, and serves once the view service's
/// answer shows the acknowledgement recorded; it forwards each write (and a confirmation for each Get) to the backup
/// before it answers. The backup takes forwards and transfers only from the primary of the view it knows. Not sealed: the
/// zoo's student-style members override one decision each.
/// </summary>
public class PlainServer
{
    /// <summary>The service name the handlers are registered under.</summary>
    public const string ServiceName = "PlainServer";

    private readonly IRuntime _runtime;
    private readonly string _me;
    private readonly ClientEnd _viewService;
    private readonly IReadOnlyDictionary<string, ClientEnd> _peers;
    private readonly bool _restarted;
    private View _view = View.None;
    private bool _hasState;          // first primary, or given the state: false after a restart until then
    private long _syncedView = -1;   // as primary: the view whose backup holds our state
    private long _heldView = -1;     // as backup: the view whose state we hold
    private long _confirmedView = -1; // the view whose acknowledgement by us the view service recorded
    private bool _syncing;

    /// <summary>Server <paramref name="me"/>; it starts pinging at once.</summary>
    public PlainServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    {
        (_runtime, _me, _viewService, _peers) = (runtime, me, viewService, peers);
        // The disk says only whether this server ran before: a restarted one lost its state and must not be the first primary.
        _restarted = persister.Length("started") >= 0;
        if (!_restarted) persister.Write("started", [1]);
        runtime.Go(async () =>
        {
            // A lost ping is sent again after 10 ms, three times at most: five lost in a row would make the view service take
            // this server for dead.
            int lost = 0;
            while (true)
            {
                lost = await TickAsync() ? 0 : lost + 1;
                await runtime.Delay(lost is > 0 and <= 3 ? TimeSpan.FromMilliseconds(10) : ViewService.PingInterval);
            }
        }, "tick " + me);
    }

    /// <summary>The latest view this server knows.</summary>
    protected View View => _view;

    /// <summary>This server's name.</summary>
    protected string Me => _me;

    /// <summary>The lock around everything.</summary>
    protected AsyncLock Lock { get; } = new();

    /// <summary>The values.</summary>
    protected Dictionary<string, string> Values { get; private set; } = new(StringComparer.Ordinal);

    /// <summary>Each client's last Put or Append.</summary>
    protected Dictionary<long, PlainEntry> Seen { get; private set; } = [];

    /// <summary>As primary: its backup does not hold its state (a new backup, or a forward failed).</summary>
    protected bool NeedsTransfer => _view.Primary == _me && _hasState && _view.Backup.Length > 0 && _syncedView != _view.Number;

    /// <summary>Get, as primary.</summary>
    public async Task<PbGetReply> Get(GetArgs args)
    {
        using var held = await Lock.LockAsync();
        if (!await ReadyLockedAsync() || !await ForwardLockedAsync("Get", args.Key, "", args.ClientId, args.Seq)) return new(PbError.WrongServer, "");
        string value = Values.GetValueOrDefault(args.Key, "");
        Read(args.ClientId, args.Seq, value);
        return new(PbError.Ok, value);
    }

    /// <summary>Put, as primary.</summary>
    public async Task<PbPutReply> Put(PutArgs args) => new((await WriteAsync("Put", args.Key, args.Value, args.ClientId, args.Seq)).Error);

    /// <summary>Append, as primary.</summary>
    public async Task<PbAppendReply> Append(AppendArgs args)
    {
        var (error, old) = await WriteAsync("Append", args.Key, args.Value, args.ClientId, args.Seq);
        return new(error, old);
    }

    /// <summary>A write or a Get's confirmation from the primary, as backup.</summary>
    public PlainForwardReply Forward(PlainForwardArgs args)
    {
        if (args.View != _view.Number || _view.Backup != _me || _view.Primary != args.Primary || _heldView != _view.Number) return new(false);
        if (args.Op != "Get") ApplyForwarded(args);
        return new(true);
    }

    /// <summary>The primary's whole state, as backup.</summary>
    public PlainTransferReply Transfer(PlainTransferArgs args)
    {
        if (args.View != _view.Number || _view.Backup != _me || _view.Primary != args.Primary) return new(false);
        Values = new Dictionary<string, string>(args.Values, StringComparer.Ordinal);
        Seen = args.Seen.ToDictionary(e => e.ClientId);
        _heldView = args.View;
        _hasState = true;
        return new(true);
    }

    /// <summary>Every ping interval: ping and take the answer's view, without the lock (a primary busy with a slow backup
    /// must go on pinging, and requests queued for the lock must see a new view at once); if the backup lacks the state,
    /// start giving it (<see cref="SyncAsync"/>, which takes the lock). False if the ping got no answer.</summary>
    protected virtual async Task<bool> TickAsync()
    {
        var answer = await PingAsync();
        Adopt(answer);
        if (NeedsTransfer && !_syncing)
        {
            _syncing = true;
            _runtime.Go(async () =>
            {
                try
                {
                    await SyncAsync();
                }
                finally
                {
                    _syncing = false;
                }
            }, "sync " + _me);
        }
        return answer.View is not null;
    }

    /// <summary>Holding the lock, gives a backup that lacks the state the state, and acknowledges the view.</summary>
    protected virtual async Task SyncAsync()
    {
        using var held = await Lock.LockAsync();
        if (NeedsTransfer && await TransferLockedAsync(new PlainTransferArgs(_view.Number, _me, Values, [.. Seen.Values]))) Adopt(await PingAsync());
    }

    /// <summary>Applies a write the primary forwarded (as backup), once.</summary>
    protected virtual void ApplyForwarded(PlainForwardArgs args) => Apply(args.Op, args.Key, args.Value, args.ClientId, args.Seq);

    /// <summary>Whether a write with <paramref name="seq"/> was applied already, <paramref name="last"/> being its
    /// client's last write (null: none).</summary>
    protected virtual bool AlreadyApplied(PlainEntry? last, long seq) => last is not null && seq <= last.Seq;

    /// <summary>A Get was answered (nothing to remember: a Get changes nothing, and its retry may simply read again).</summary>
    protected virtual void Read(long clientId, long seq, string value)
    {
    }

    /// <summary>Executes a write once per client and sequence number: the old value of an Append, "" for a Put.</summary>
    protected string Apply(string op, string key, string value, long clientId, long seq)
    {
        var last = Seen.GetValueOrDefault(clientId);
        if (AlreadyApplied(last, seq)) return last!.Seq == seq ? last.Reply : "";
        return Execute(op, key, value, clientId, seq);
    }

    /// <summary>Executes a write and remembers it as its client's last.</summary>
    protected string Execute(string op, string key, string value, long clientId, long seq)
    {
        string old = Values.GetValueOrDefault(key, "");
        Values[key] = op == "Append" ? old + value : value;
        string reply = op == "Append" ? old : "";
        Seen[clientId] = new PlainEntry(clientId, seq, reply);
        return reply;
    }

    /// <summary>Sends the state to the backup; true once it holds it (false if the view changed meanwhile). Call it
    /// holding the lock.</summary>
    protected async Task<bool> TransferLockedAsync(PlainTransferArgs args)
    {
        var view = _view;
        for (int i = 0; i < 5; i++)
        {
            if (i > 0) await _runtime.Delay(TimeSpan.FromMilliseconds(10));
            if (_view != view || !_peers.TryGetValue(view.Backup, out var backup)) return false;
            var (ok, reply) = await backup.Call<PlainTransferReply>(ServiceName + ".Transfer", args);
            if (ok && reply!.Ok)
            {
                if (_view == view) _syncedView = view.Number;
                return _view == view;
            }
        }
        return false;
    }

    private async Task<(PbError Error, string Old)> WriteAsync(string op, string key, string value, long clientId, long seq)
    {
        using var held = await Lock.LockAsync();
        if (!await ReadyLockedAsync()) return (PbError.WrongServer, "");
        var last = Seen.GetValueOrDefault(clientId);
        if (AlreadyApplied(last, seq)) return (PbError.Ok, last!.Seq == seq ? last.Reply : "");
        if (!await ForwardLockedAsync(op, key, value, clientId, seq))
        {
            _syncedView = -1; // the backup may hold the write: give it the whole state again before the next request
            return (PbError.WrongServer, "");
        }
        return (PbError.Ok, Execute(op, key, value, clientId, seq));
    }

    /// <summary>True when this server may serve as primary: it holds the state, its backup does too (sent now if need
    /// be), and the view service recorded its acknowledgement (asked now if need be).</summary>
    private async Task<bool> ReadyLockedAsync()
    {
        if (_view.Primary != _me || !_hasState) return false;
        if (NeedsTransfer && !await TransferLockedAsync(new PlainTransferArgs(_view.Number, _me, Values, [.. Seen.Values]))) return false;
        if (_confirmedView != _view.Number) Adopt(await PingAsync());
        return _view.Primary == _me && !NeedsTransfer && _confirmedView == _view.Number;
    }

    /// <summary>Has the backup (if any) hold a write or confirm a Get; false if it would not or could not.</summary>
    private async Task<bool> ForwardLockedAsync(string op, string key, string value, long clientId, long seq)
    {
        var view = _view;
        if (view.Backup.Length == 0 || op != "Get") return true; // the fault: a write is answered before the backup holds it
        var args = new PlainForwardArgs(view.Number, _me, op, key, value, clientId, seq);
        for (int i = 0; i < 5; i++)
        {
            if (i > 0) await _runtime.Delay(TimeSpan.FromMilliseconds(10));
            if (_view != view) return false; // the view changed (it is taken without the lock): ask again
            var (ok, reply) = await _peers[view.Backup].Call<PlainForwardReply>(ServiceName + ".Forward", args);
            if (ok && reply!.Ok) return true; // the backup of that view holds it: it is committed, whatever the view now
        }
        return false;
    }

    /// <summary>Pings with the number of the view this server acknowledges: as primary, the view once its backup holds
    /// the state (the one before until then; 0 without state); as backup, the view once it holds the state (the one
    /// before until then); otherwise the view it knows. The number and the view service's answer (null: none came).</summary>
    protected async Task<(long Number, View? View)> PingAsync()
    {
        long number = _view.Primary == _me ? (!_hasState ? 0 : _view.Backup.Length == 0 || _syncedView == _view.Number ? _view.Number : _view.Number - 1)
            : _view.Backup == _me ? (_heldView == _view.Number ? _view.Number : _view.Number - 1)
            : _view.Number;
        var (ok, reply) = await _viewService.Call<PingReply>(ViewService.Ping, new PingArgs(_me, number));
        return (number, ok ? reply!.View : null);
    }

    /// <summary>Takes the view of a ping's answer if it is newer, and notes an acknowledgement the view service recorded
    /// (the answer's view is the one pinged, with this server as primary).</summary>
    protected void Adopt((long Number, View? View) answer)
    {
        if (answer.View is not { } view) return;
        if (view.Number > _view.Number)
        {
            _view = view;
            if (view.Number == 1 && view.Primary == _me && !_restarted) _hasState = true; // the first primary: empty state
        }
        if (view.Number == answer.Number && view.Primary == _me) _confirmedView = Math.Max(_confirmedView, answer.Number);
    }
}
