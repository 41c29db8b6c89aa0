using LabRpc;
using KvService.Contract.PrimaryBackup;

namespace Students.PbCorrect;

/// <summary>
/// The plain view service, as the student guide's rules say: the first server to ping is the primary of view 1; the view
/// changes once the primary has acknowledged it (to replace a backup that is dead or restarted, or to take an idle server
/// as backup), and at once when the primary is dead or restarted, to make a holder the primary (a server that holds every
/// acknowledged write), the backup first.
/// </summary>
public sealed class PlainViewServer
{
    private readonly IRuntime _runtime;
    private readonly Dictionary<string, DateTimeOffset> _lastPing = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _highest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _restarted = new(StringComparer.Ordinal);
    private readonly HashSet<string> _holders = new(StringComparer.Ordinal);
    private readonly Dictionary<long, string> _backupOf = []; // view number -> its backup, from the last acknowledged view on
    private View _view = View.None;
    private bool _acked;

    /// <summary>A view service on <paramref name="runtime"/>; it checks for dead servers every ping interval.</summary>
    public PlainViewServer(IRuntime runtime)
    {
        _runtime = runtime;
        runtime.Go(async () =>
        {
            while (true)
            {
                await runtime.Delay(ViewService.PingInterval);
                Change();
            }
        }, "view service ticker");
    }

    /// <summary>A server is alive and acknowledges a view.</summary>
    public PingReply Ping(PingArgs args)
    {
        string s = args.Server;
        _lastPing[s] = _runtime.Time.GetUtcNow();
        long highest = _highest.GetValueOrDefault(s);
        if (args.ViewNumber == 0 && (highest > 0 || _holders.Contains(s)))
        {
            // It restarted: it lost its state, its roles and its claims.
            _restarted.Add(s);
            _holders.Remove(s);
            foreach (var n in _backupOf.Where(b => b.Value == s).Select(b => b.Key).ToList()) _backupOf.Remove(n);
        }
        _highest[s] = args.ViewNumber == 0 ? 0 : Math.Max(highest, args.ViewNumber);

        if (_view.Number == 0) NewView(s, "");
        else if (s == _view.Primary && args.ViewNumber == _view.Number) Acknowledged();
        else if (_backupOf.TryGetValue(args.ViewNumber, out var b) && b == s) _holders.Add(s);
        Change();
        return new PingReply(_view);
    }

    /// <summary>The current view.</summary>
    public GetViewReply Get(GetViewArgs args) => new(_view);

    private void Acknowledged()
    {
        if (_acked) return;
        _acked = true;
        _holders.Clear();
        _holders.Add(_view.Primary);
        if (_view.Backup.Length > 0 && !_restarted.Contains(_view.Backup)) _holders.Add(_view.Backup);
        _backupOf.Clear();
        if (_view.Backup.Length > 0) _backupOf[_view.Number] = _view.Backup;
    }

    private void Change()
    {
        if (_view.Number == 0) return;
        if (!Up(_view.Primary))
        {
            string next = _view.Backup.Length > 0 && _holders.Contains(_view.Backup) && Up(_view.Backup) ? _view.Backup
                : _holders.Where(h => h != _view.Primary && Up(h)).Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
            if (next.Length > 0) NewView(next, Idle(next));
            return; // no holder up: wait, promoting anyone else would lose acknowledged writes
        }
        if (!_acked) return;
        if (_view.Backup.Length > 0 && !Up(_view.Backup)) NewView(_view.Primary, Idle(_view.Primary));
        else if (_view.Backup.Length == 0 && Idle(_view.Primary) is { Length: > 0 } idle) NewView(_view.Primary, idle);
    }

    private void NewView(string primary, string backup)
    {
        _view = new View(_view.Number + 1, primary, backup);
        if (backup.Length > 0) _backupOf[_view.Number] = backup;
        _restarted.Remove(backup);
        _acked = false;
    }

    private bool Alive(string s) => _lastPing.TryGetValue(s, out var t) && _runtime.Time.GetUtcNow() - t < ViewService.DeadAfter;

    private bool Up(string s) => Alive(s) && !_restarted.Contains(s);

    /// <summary>The first alive server in name order that is neither <paramref name="primary"/> nor in the current view
    /// (unless it restarted: then it is a fresh server).</summary>
    private string Idle(string primary) =>
        _lastPing.Keys.Where(s => s != primary && Alive(s) && (s != _view.Primary && s != _view.Backup || _restarted.Contains(s)))
            .Order(StringComparer.Ordinal).FirstOrDefault() ?? "";
}
