using KvService.Contract.PrimaryBackup;
using LabRpc;
using Microsoft.Extensions.Logging;

namespace KvService.PrimaryBackup.ViewService;

/// <summary>
/// The view service of 6.824's old primary/backup lab. Servers ping it every <see cref="Contract.PrimaryBackup.ViewService.PingInterval"/>
/// with the number of the view they acknowledge; one that misses <see cref="Contract.PrimaryBackup.ViewService.DeadPings"/> pings is dead.
/// The first server to ping becomes the primary of view 1. After that the view changes only once the primary has
/// acknowledged the current view (pinged with its number): to replace a dead or restarted backup, or to take an idle
/// server as backup when there is none; and when the primary is dead or has restarted, to make a server that holds every
/// acknowledged write the primary. A server that pings 0 after it had pinged a higher number, or while it is a holder, has
/// restarted and lost its state: a server that knows a view never pings 0, and a holder knows one (it was given the state,
/// or acknowledged a view), even if none of its pings with a view number reached the view service.
/// <para>
/// <b>Holders.</b> A primary serves a view only once it knows that its acknowledgement was recorded (a ping with the
/// view's number answered with that view), so the primary of a view that is not acknowledged has answered nothing in it.
/// The servers that hold every acknowledged write are then: the primary of the last acknowledged view and its backup (a
/// primary acknowledges a view only once its backup holds its state), and the backup of that view or of any later one
/// that pinged the view's number (a backup pings it once that view's primary, a holder, gave it the state), even if the
/// ping arrives after the view was replaced: nothing was acknowledged since, so nothing was written that it lacks. A
/// server that restarts loses that claim: a ping with such a number is then a late one of its previous incarnation, or
/// the number a backup pings while it waits for the state. A lost primary is replaced by an alive holder — the backup
/// first, then in name order — whether or not it acknowledged its view; with no such holder the service waits and says so
/// in its log: promoting any other server would lose acknowledged writes.
/// </para>
/// <para>
/// Where it departs from the classic design, and why:
/// <list type="bullet">
/// <item>The classic service waits for the primary's acknowledgement in every case, and is stuck for good when the
/// primary is lost first (it crashed between learning its view and its next ping). Holders end that wait, at the cost of
/// one rule on the servers' side: serve a view only once its acknowledgement is known to be recorded.</item>
/// <item>It tries to change the view on every ping, not only at its ticks: a restarted server is noticed, and a backup
/// taken, at once rather than up to a ping interval later.</item>
/// <item>An idle server is taken as backup in name order (the classic one takes any), so that a run depends on the
/// seed alone.</item>
/// </list>
/// </para>
/// </summary>
public sealed class ViewServer
{
    private readonly IRuntime _runtime;
    private readonly ILogger _log;
    private readonly Dictionary<string, DateTimeOffset> _lastPing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _restarted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _holders = new(StringComparer.Ordinal); // hold every acknowledged write
    private readonly Dictionary<long, string> _backups = []; // the backup of each view from the last acknowledged one on
    private View _view = View.None;
    private bool _acknowledged;
    private bool _stuckLogged;

    /// <summary>A view server on <paramref name="runtime"/>; it starts its ticker there.</summary>
    public ViewServer(IRuntime runtime)
    {
        ArgumentNullException.ThrowIfNull(runtime);
        _runtime = runtime;
        _log = runtime.LoggerFactory.CreateLogger("ViewServer");
        runtime.Go(TickAsync, "view service ticker");
    }

    /// <summary>The current view.</summary>
    public View Current => _view;

    /// <summary>A server is alive and acknowledges view <see cref="PingArgs.ViewNumber"/>; the reply is the current view.</summary>
    public PingReply Ping(PingArgs args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string server = args.Server;
        _lastPing[server] = Now;
        long highest = _highest.GetValueOrDefault(server);
        if (args.ViewNumber == 0 && (highest > 0 || _holders.Contains(server)))
        {
            _restarted.Add(server);
            bool holder = _holders.Remove(server);
            foreach (long number in _backups.Where(b => b.Value == server).Select(b => b.Key).ToList())
                _backups.Remove(number); // it lost the state it was given there: a ping with that number is late or means "not yet"
            if (_log.IsEnabled(LogLevel.Information))
                _log.LogInformation("{Server} restarted (pinged 0 after {Highest}{Holder})", server, highest, holder ? ", as a holder" : "");
        }
        _highest[server] = args.ViewNumber == 0 ? 0 : Math.Max(highest, args.ViewNumber);

        if (_view.Number == 0) SetView(server, "");
        else if (server == _view.Primary && args.ViewNumber == _view.Number) Acknowledge();
        else if (_backups.TryGetValue(args.ViewNumber, out var backup) && backup == server) _holders.Add(server); // it was given the state
        Advance();
        return new PingReply(_view);
    }

    /// <summary>The current view, changing nothing.</summary>
    public GetViewReply Get(GetViewArgs args) => new(_view);

    private DateTimeOffset Now => _runtime.Time.GetUtcNow();

    private async Task TickAsync()
    {
        while (true)
        {
            await _runtime.Delay(Contract.PrimaryBackup.ViewService.PingInterval);
            Advance();
        }
    }

    /// <summary>The primary acknowledges the current view: from now on it may serve writes that only it and its backup
    /// hold. It acknowledges only once its backup holds its state, so the backup is a holder too.</summary>
    private void Acknowledge()
    {
        if (_acknowledged) return;
        _acknowledged = true;
        _holders.Clear();
        _holders.Add(_view.Primary);
        if (_view.Backup.Length > 0 && !_restarted.Contains(_view.Backup)) _holders.Add(_view.Backup);
        _backups.Clear(); // the backups of earlier views may lack what is written from now on
        if (_view.Backup.Length > 0) _backups[_view.Number] = _view.Backup;
    }

    /// <summary>Changes the view if a change is due: a lost primary is replaced by a holder at once; anything else waits
    /// for the primary's acknowledgement.</summary>
    private void Advance()
    {
        if (_view.Number == 0) return;
        if (!Up(_view.Primary))
        {
            string next = Successor();
            if (next.Length > 0) SetView(next, Idle(next));
            else if (!_stuckLogged)
            {
                _stuckLogged = true;
                if (_log.IsEnabled(LogLevel.Warning))
                    _log.LogWarning("primary {Primary} of view {View} is lost and no alive server holds every acknowledged write: waiting", _view.Primary, _view.Number);
            }
            return;
        }
        if (!_acknowledged) return;
        bool hasBackup = _view.Backup.Length > 0;
        if (hasBackup && !Up(_view.Backup)) SetView(_view.Primary, Idle(_view.Primary));
        else if (!hasBackup && Idle(_view.Primary) is { Length: > 0 } idle) SetView(_view.Primary, idle);
    }

    /// <summary>The next primary when the current one is lost: the backup if it holds every acknowledged write and is up,
    /// otherwise the first such holder in name order; "" if there is none.</summary>
    private string Successor()
    {
        if (_view.Backup.Length > 0 && _holders.Contains(_view.Backup) && Up(_view.Backup)) return _view.Backup;
        string best = "";
        foreach (var holder in _holders)
            if (holder != _view.Primary && Up(holder) && (best.Length == 0 || string.CompareOrdinal(holder, best) < 0)) best = holder;
        return best;
    }

    private void SetView(string primary, string backup)
    {
        _view = new View(_view.Number + 1, primary, backup);
        if (backup.Length > 0) _backups[_view.Number] = backup;
        _acknowledged = false;
        _stuckLogged = false;
        _restarted.Remove(backup); // taken afresh: it is given the state
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("new {View}", _view);
    }

    /// <summary>Alive (pinged within the dead time) and not restarted since it took its role.</summary>
    private bool Up(string server) => Alive(server) && !_restarted.Contains(server);

    private bool Alive(string server) => _lastPing.TryGetValue(server, out var last) && Now - last < Contract.PrimaryBackup.ViewService.DeadAfter;

    /// <summary>The first alive server, in name order, other than <paramref name="primary"/> (the next view's primary);
    /// "" if there is none. A lost primary or backup that has restarted is a candidate: it is a fresh server, and a new
    /// backup is given the state.</summary>
    private string Idle(string primary)
    {
        string best = "";
        foreach (var server in _lastPing.Keys)
        {
            if (server == primary || !Alive(server) || (server == _view.Primary || server == _view.Backup) && !_restarted.Contains(server)) continue;
            if (best.Length == 0 || string.CompareOrdinal(server, best) < 0) best = server;
        }
        return best;
    }
}
