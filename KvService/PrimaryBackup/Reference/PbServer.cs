using KvService.Contract;
using KvService.Contract.PrimaryBackup;
using KvService.PrimaryBackup.ViewService;
using LabRpc;
using Microsoft.Extensions.Logging;

namespace KvService.PrimaryBackup.Reference;

/// <summary>
/// A primary/backup KV server (6.824's old lab 2). It pings the view service every ping interval and plays the role
/// the latest view gives it.
/// <para>
/// <b>Primary.</b> It serves clients one request at a time (an <see cref="AsyncLock"/>: a write is forwarded, acknowledged
/// and applied before the next request is looked at, so primary and backup apply writes in one order). A Put or Append
/// seen before (client id and sequence number in the duplicate table) is answered from the table. Otherwise it is
/// forwarded to the backup, numbered within the current state transfer, and executed and answered only once the backup
/// has it. A forward that fails a few times makes the answer <see cref="PbError.WrongServer"/> and the backup's state
/// unknown (it may hold the write): the next request transfers the whole state again, which replaces the backup's. Before
/// it serves with a new backup it sends it the whole state and the duplicate table (state transfer), and only then
/// acknowledges the view to the view service: a view whose backup does not hold the state is never acknowledged. It
/// serves a view only once it knows that the view service recorded its acknowledgement (a ping with the view's number
/// was answered with that view): until then it has answered nothing in the view, so the view service may hand a lost
/// primary's view to any server that holds the last acknowledged view's state.
/// </para>
/// <para>
/// <b>Gets</b> are served by the primary alone, from its own state, but only after the backup has confirmed that it is
/// still the backup of the primary's view. That makes them linearizable: a new primary is either the old primary's
/// backup, which refuses a primary's forwards and confirmations as soon as it knows a newer view (and it must know it
/// before it can serve), or a server given the state in a later view by a primary that knew that view (and so no longer
/// serves the old one); either way a primary that was replaced without knowing it (cut off from the view service) can no
/// longer answer. Without a backup the primary answers alone: no other server can become primary
/// without the state, which only a backup is given. (The classic lab answered Gets unconfirmed: a replaced primary
/// served stale values.)
/// </para>
/// <para>
/// <b>Backup.</b> It accepts a state transfer and forwards only from the primary of the view it knows, with that view's
/// number, and forwards only in order and within the latest transfer; everything else is refused, so a stale primary
/// cannot change it or have a Get confirmed. It refuses clients.
/// </para>
/// <para>
/// <b>After a crash</b> a server starts empty, as a new server that must be given the state as a backup: it pings 0, so
/// the view service knows it has lost its state, and it never serves as primary until it was given the state (or is the
/// first primary of view 1). A server keeps the state it was given when it leaves a view: the view service names it
/// primary only if that state holds every acknowledged write. The persister keeps only the fact that the server has run before, so that a restarted server does
/// not take the first view's primary role, whose data it lost. Restarting from a persister instead would need the
/// view service to know whose disk is current; an empty restart keeps the one rule that the backup holds everything.
/// Both servers of a view crashing loses the data: the view service then waits, as the classic one does.
/// </para>
/// Not sealed: the broken members of the test zoo override one decision each.
/// </summary>
public class PbServer
{
    /// <summary>The service name its handlers are registered under.</summary>
    public const string ServiceName = "PbServer";

    /// <summary>How long the primary waits between tries of a forward or state transfer, and a clerk between calls.</summary>
    public static TimeSpan RetryDelay { get; } = TimeSpan.FromMilliseconds(10);

    /// <summary>How many times the primary tries a forward or a state transfer before it answers <see cref="PbError.WrongServer"/>.</summary>
    public const int Tries = 5;

    private const string StartedKey = "pb-started";

    private readonly IRuntime _runtime;
    private readonly string _me;
    private readonly ViewClerk _viewService;
    private readonly IReadOnlyDictionary<string, ClientEnd> _peers;
    private readonly ILogger _log;
    private readonly AsyncLock _lock = new();
    private readonly bool _restarted;
    private Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private Dictionary<long, DuplicateEntry> _duplicates = [];
    private View _view = View.None;
    private bool _hasState;         // it was the first primary or was given the state: false after a restart until then
    private long _confirmedView = -1; // the latest view whose acknowledgement by this server the view service recorded
    private long _index;            // writes applied since the latest state transfer (sent or received)
    private long _epoch;            // this server's state transfers so far, as primary
    private long _syncedView = -1;  // as primary: the view whose backup holds our state, in transfer _syncedEpoch
    private long _syncedEpoch;
    private long _heldView = -1;    // as backup: the view and transfer whose state we hold
    private long _heldEpoch;
    private bool _syncing;

    /// <summary>Server <paramref name="me"/> on <paramref name="runtime"/>; it starts pinging the view service at once.</summary>
    public PbServer(IRuntime runtime, Persister persister, string me, ClientEnd viewService, IReadOnlyDictionary<string, ClientEnd> peers)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        ArgumentNullException.ThrowIfNull(persister);
        ArgumentNullException.ThrowIfNull(peers);
        _runtime = runtime;
        _me = me ?? throw new ArgumentNullException(nameof(me));
        _viewService = new ViewClerk(viewService, me);
        _peers = peers;
        _log = runtime.LoggerFactory.CreateLogger("PbServer");
        _restarted = persister.Length(StartedKey) >= 0;
        if (!_restarted) persister.Write(StartedKey, [1]);
        runtime.Go(PingLoopAsync, "ping " + me);
    }

    /// <summary>The latest view this server knows.</summary>
    public View View => _view;

    /// <summary>The server's name.</summary>
    public string Me => _me;

    /// <summary>The world the server runs in.</summary>
    protected IRuntime Runtime => _runtime;

    /// <summary>True when it is the primary of the view it knows, holds the state, its backup (if any) does too, and the
    /// view service has recorded its acknowledgement of the view.</summary>
    public bool Serving => Synced && _confirmedView == _view.Number;

    /// <summary>Get, as primary.</summary>
    public async Task<PbGetReply> Get(GetArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (error, value) = await ExecuteAsync(PbOp.Get, args.Key, "", args.ClientId, args.Seq);
        return new PbGetReply(error, value);
    }

    /// <summary>Put, as primary.</summary>
    public async Task<PbPutReply> Put(PutArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (error, _) = await ExecuteAsync(PbOp.Put, args.Key, args.Value, args.ClientId, args.Seq);
        return new PbPutReply(error);
    }

    /// <summary>Append, as primary.</summary>
    public async Task<PbAppendReply> Append(AppendArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var (error, old) = await ExecuteAsync(PbOp.Append, args.Key, args.Value, args.ClientId, args.Seq);
        return new PbAppendReply(error, old);
    }

    /// <summary>A write (or a Get's confirmation) from the primary, as backup.</summary>
    public ForwardReply Forward(ForwardArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (!AcceptsForward(args))
        {
            if (_log.IsEnabled(LogLevel.Debug))
                _log.LogDebug("{Me} refuses {Op} #{Index} from {Primary} of view {ViewNumber} (knows {View})", _me, args.Op, args.Index, args.Primary, args.ViewNumber, _view);
            return new ForwardReply(PbError.WrongServer);
        }
        if (args.Index <= _index) return new ForwardReply(PbError.Ok); // a confirmation, or a write we hold already
        if (args.Op == PbOp.Get || args.Index != _index + 1) return new ForwardReply(PbError.WrongServer);
        Apply(args.Op, args.Key, args.Value, args.ClientId, args.Seq);
        _index++;
        return new ForwardReply(PbError.Ok);
    }

    /// <summary>The primary's whole state, as backup.</summary>
    public TransferReply Transfer(TransferArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args.ViewNumber != _view.Number || _view.Backup != _me || _view.Primary != args.Primary)
            return new TransferReply(PbError.WrongServer);
        if (_heldView == args.ViewNumber && args.Epoch <= _heldEpoch)
            return new TransferReply(args.Epoch == _heldEpoch ? PbError.Ok : PbError.WrongServer); // a copy, or a late one
        _values = new Dictionary<string, string>(args.Values, StringComparer.Ordinal);
        _duplicates = args.Duplicates.ToDictionary(d => d.ClientId);
        _index = args.Index;
        _heldView = args.ViewNumber;
        _heldEpoch = args.Epoch;
        _hasState = true;
        if (_log.IsEnabled(LogLevel.Information))
            _log.LogInformation("{Me} holds the state of {Primary} for view {ViewNumber} ({Keys} keys, {Clients} clients)", _me, args.Primary, args.ViewNumber, args.Values.Count, args.Duplicates.Length);
        return new TransferReply(PbError.Ok);
    }

    /// <summary>Whether a backup takes <paramref name="args"/>: from the primary of the view it knows, with that view's
    /// number, within the latest state transfer it holds.</summary>
    protected virtual bool AcceptsForward(ForwardArgs args) =>
        args.ViewNumber == _view.Number && _view.Backup == _me && _view.Primary == args.Primary
        && _heldView == args.ViewNumber && _heldEpoch == args.Epoch;

    /// <summary>
    /// Makes the backup of <paramref name="view"/> hold a write (or, for a Get, confirm that it is still this primary's
    /// backup) before the primary executes and answers it; false if it could not.
    /// </summary>
    protected virtual async Task<bool> ReplicateAsync(View view, PbOp op, string key, string value, long clientId, long seq)
    {
        long index = op == PbOp.Get ? _index : _index + 1;
        var args = new ForwardArgs(view.Number, _me, _syncedEpoch, index, op, key, value, clientId, seq);
        for (int attempt = 0; attempt < Tries; attempt++)
        {
            if (attempt > 0) await _runtime.Delay(RetryDelay);
            if (_view != view) return false;
            var (ok, reply) = await _peers[view.Backup].Call<ForwardReply>(ServiceName + ".Forward", args);
            if (ok && reply!.Error == PbError.Ok)
            {
                _index = index;
                return true;
            }
        }
        return false;
    }

    /// <summary>The duplicate table as a state transfer sends it.</summary>
    protected virtual DuplicateEntry[] DuplicatesToTransfer() => [.. _duplicates.Values];

    /// <summary>Executes a Put or Append on this server's state (once per client and sequence number) and returns its
    /// result: the old value of an Append, "" for a Put.</summary>
    protected string Apply(PbOp op, string key, string value, long clientId, long seq)
    {
        if (_duplicates.TryGetValue(clientId, out var seen) && seq <= seen.Seq) return seq == seen.Seq ? seen.OldValue : "";
        string old = _values.GetValueOrDefault(key, "");
        _values[key] = op == PbOp.Append ? old + value : value;
        _duplicates[clientId] = new DuplicateEntry(clientId, seq, op == PbOp.Append ? old : "");
        return op == PbOp.Append ? old : "";
    }

    private bool IsPrimaryWithState => _view.Primary == _me && _hasState;

    /// <summary>Primary with the state, and its backup (if any) holds it too.</summary>
    private bool Synced => IsPrimaryWithState && (_view.Backup.Length == 0 || _syncedView == _view.Number);

    /// <summary>The view number this server acknowledges: as primary, the current view once its backup holds the state
    /// (the one before until then; 0 without state); as backup, the current view once it holds the state (the one before
    /// until then); otherwise the view it knows.</summary>
    private long PingNumber =>
        _view.Primary == _me ? (!_hasState ? 0 : Synced ? _view.Number : _view.Number - 1)
        : _view.Backup == _me ? (_heldView == _view.Number ? _view.Number : _view.Number - 1)
        : _view.Number;

    private async Task<(PbError, string)> ExecuteAsync(PbOp op, string key, string value, long clientId, long seq)
    {
        using var held = await _lock.LockAsync();
        if (!await ReadyAsync()) return (PbError.WrongServer, "");
        if (op != PbOp.Get && _duplicates.TryGetValue(clientId, out var seen) && seq <= seen.Seq)
            return (PbError.Ok, seq == seen.Seq ? seen.OldValue : "");
        var view = _view;
        if (view.Backup.Length > 0 && !await ReplicateAsync(view, op, key, value, clientId, seq))
        {
            if (op != PbOp.Get) _syncedView = -1; // the backup may hold the write: replace its state before the next one
            return (PbError.WrongServer, "");
        }
        // Once the backup holds a write, it is committed, even if the view changed meanwhile: that backup is the next primary.
        return op == PbOp.Get ? (PbError.Ok, _values.GetValueOrDefault(key, "")) : (PbError.Ok, Apply(op, key, value, clientId, seq));
    }

    /// <summary>As primary: true once the backup of the current view holds the state, sending it if need be, and the view
    /// service has recorded the acknowledgement, pinging it if need be. Call it holding the lock.</summary>
    private async Task<bool> ReadyAsync()
    {
        if (!IsPrimaryWithState) return false;
        if (!Synced && !await TransferAsync()) return false;
        if (!Serving && Synced) await PingAsync();
        return Serving;
    }

    /// <summary>Sends the whole state to the backup of the current view; true once it holds it.</summary>
    private async Task<bool> TransferAsync()
    {
        var view = _view;
        var args = new TransferArgs(view.Number, _me, ++_epoch, _index, _values, DuplicatesToTransfer());
        for (int attempt = 0; attempt < Tries; attempt++)
        {
            if (attempt > 0) await _runtime.Delay(RetryDelay);
            if (_view != view) return false;
            var (ok, reply) = await _peers[view.Backup].Call<TransferReply>(ServiceName + ".Transfer", args);
            if (ok && reply!.Error == PbError.Ok)
            {
                _syncedView = view.Number;
                _syncedEpoch = args.Epoch;
                if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Me} gave its state to {Backup} for {View}", _me, view.Backup, view);
                return true;
            }
        }
        return false;
    }

    /// <summary>How many times in a row a lost ping is sent again after <see cref="RetryDelay"/> rather than a ping
    /// interval: on an unreliable network, five pings lost in a row (one chance in 100,000) would make the view service
    /// take a live server for dead, and a view change nobody asked for, just before a crash, can leave no server holding
    /// the state.</summary>
    public const int QuickPings = 3;

    private async Task PingLoopAsync()
    {
        int lost = 0;
        while (true)
        {
            bool answered = await PingAsync();
            if (IsPrimaryWithState && !Serving && !_syncing)
            {
                _syncing = true;
                _runtime.Go(SyncAsync, "state transfer " + _me);
            }
            lost = answered ? 0 : lost + 1;
            await _runtime.Delay(lost is > 0 and <= QuickPings ? RetryDelay : Contract.PrimaryBackup.ViewService.PingInterval);
        }
    }

    /// <summary>Pings the view service with the view this server acknowledges and adopts the reply; an answer with the view
    /// it acknowledged means the view service recorded the acknowledgement.</summary>
    private async Task<bool> PingAsync()
    {
        long number = PingNumber;
        var view = await _viewService.PingAsync(number);
        if (view is null) return false;
        Adopt(view);
        if (view.Number == number && view.Primary == _me) _confirmedView = Math.Max(_confirmedView, number);
        return true;
    }

    /// <summary>Gives the state to a new backup, and has the view acknowledged, without waiting for a client's request.</summary>
    private async Task SyncAsync()
    {
        try
        {
            using var held = await _lock.LockAsync();
            await ReadyAsync();
        }
        finally
        {
            _syncing = false;
        }
    }

    private void Adopt(View view)
    {
        if (view.Number <= _view.Number) return;
        _view = view;
        if (view.Number == 1 && view.Primary == _me && !_restarted) _hasState = true; // the first primary: the state is empty
        if (_log.IsEnabled(LogLevel.Information))
            _log.LogInformation("{Me} learns {View}{Stateless}", _me, view, view.Primary == _me && !_hasState ? " and cannot serve: it does not hold the state" : "");
    }
}
