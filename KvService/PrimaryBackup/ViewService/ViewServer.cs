using KvService.Contract.PrimaryBackup;
using LabRpc;
using Microsoft.Extensions.Logging;

namespace KvService.PrimaryBackup.ViewService;

/// <summary>
/// The view service of 6.824's old primary/backup lab. Servers ping it every <see cref="Contract.PrimaryBackup.ViewService.PingInterval"/>
/// with the number of the view they acknowledge; one that misses <see cref="Contract.PrimaryBackup.ViewService.DeadPings"/> pings is dead.
/// The first server to ping becomes the primary of view 1. After that the view changes only once the primary has
/// acknowledged the current view (pinged with its number): to promote the backup when the primary is dead or has
/// restarted, to replace a dead or restarted backup, or to take an idle server as backup when there is none. A server
/// that pings 0 after it had pinged a higher number has restarted and lost its state.
/// <para>
/// Where it departs from the classic design, and why:
/// <list type="bullet">
/// <item>It also tries to change the view on every ping, not only at its ticks: a restarted server is noticed, and a
/// backup taken, at once rather than up to a ping interval later. The conditions are the classic ones.</item>
/// <item>A backup acknowledges a view too, once it holds the state of that view's primary (it pings the view's number
/// only then). A primary that is lost before it acknowledged its view — it crashed between giving its backup the state
/// and its next ping — is replaced by a backup that acknowledged it. The classic service waits for the primary's
/// acknowledgement in every case and is stuck for good there. It is as safe: a backup holds the state only if that
/// view's primary gave it, so the primary knew the view, and it served only writes the backup holds.</item>
/// <item>An idle server is taken as backup in name order (the classic one takes any), so that a run depends on the
/// seed alone.</item>
/// <item>When the primary is lost and there is no backup with its state, it waits (the classic service is stuck there
/// too): promoting an idle server would lose every acknowledged write. It says so in its log.</item>
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
    private View _view = View.None;
    private bool _acknowledged;
    private bool _backupHoldsState;
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
        if (args.ViewNumber == 0 && highest > 0)
        {
            _restarted.Add(server);
            if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Server} restarted (pinged 0 after {Highest})", server, highest);
        }
        _highest[server] = args.ViewNumber == 0 ? 0 : Math.Max(highest, args.ViewNumber);

        if (_view.Number == 0) SetView(server, "");
        else if (server == _view.Primary && args.ViewNumber == _view.Number) _acknowledged = true;
        else if (server == _view.Backup && args.ViewNumber == _view.Number) _backupHoldsState = true;
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

    /// <summary>Changes the view if the primary has acknowledged the current one and a change is due.</summary>
    private void Advance()
    {
        if (_view.Number == 0) return;
        bool primaryUp = Up(_view.Primary);
        bool hasBackup = _view.Backup.Length > 0;
        bool backupUp = hasBackup && Up(_view.Backup);
        if (!_acknowledged && (primaryUp || !backupUp || !_backupHoldsState)) return;
        if (!primaryUp)
        {
            if (backupUp) SetView(_view.Backup, Idle(_view.Backup));
            else if (!_stuckLogged)
            {
                _stuckLogged = true;
                if (_log.IsEnabled(LogLevel.Warning))
                    _log.LogWarning("primary {Primary} of view {View} is lost and no backup holds its state: waiting for it", _view.Primary, _view.Number);
            }
        }
        else if (hasBackup && !backupUp) SetView(_view.Primary, Idle(_view.Primary));
        else if (!hasBackup && Idle(_view.Primary) is { Length: > 0 } idle) SetView(_view.Primary, idle);
    }

    private void SetView(string primary, string backup)
    {
        _view = new View(_view.Number + 1, primary, backup);
        _acknowledged = false;
        _backupHoldsState = false;
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
