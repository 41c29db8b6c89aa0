using System.Globalization;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.PrimaryBackup.Harness;

/// <summary>
/// A primary/backup KV service in a simulation: the view service on node "viewservice", servers "pb0", "pb1", ... each on
/// its own node, and clerks. Every pair of parties talks through an end of its own (<c>pb0-&gt;pb1</c>,
/// <c>clerk0-&gt;viewservice</c>, ...), so that any link can be cut in both directions (<see cref="Cut"/>); a server
/// crashes with its node and restarts as a new incarnation made from the implementation again (with its node's
/// persister). Clerks are the KV harness's <see cref="ClusterClerk"/>s: operations are counted and recorded in a
/// <see cref="KvHistory"/>, which the KV model's linearizability checker judges.
/// </summary>
public sealed class PbCluster : IDisposable, IClerkRecorder
{
    /// <summary>The view service's name on the network (and its node's name).</summary>
    public const string ViewServiceName = "viewservice";

    private const string HarnessName = "harness";

    private readonly Dictionary<string, Node> _serverNodes = new(StringComparer.Ordinal);
    private readonly Dictionary<(string From, string To), ClientEnd> _links = [];
    private readonly List<ClusterClerk> _clerks = [];
    private readonly Dictionary<string, int> _generations = new(StringComparer.Ordinal);
    private readonly ClientEnd _harnessEnd;
    private readonly ILogger _log;
    private int _ops;

    /// <summary>A simulation from <paramref name="seed"/> with the view service and the servers of <paramref name="implementation"/> started.</summary>
    public PbCluster(IPbImplementation implementation, ulong seed, PbClusterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        options ??= new PbClusterOptions();
        if (options.Servers is < 1 or > 5)
            throw new ArgumentOutOfRangeException(nameof(options), options.Servers, "A primary/backup cluster has 1 to 5 servers.");
        Implementation = implementation;
        Seed = seed;
        Simulation = new Simulation(seed, options.Simulation);
        Network = new Network(Simulation) { Reliable = !options.Unreliable };
        History = options.RecordHistory ? new KvHistory(Simulation) : null;
        _log = Simulation.LoggerFactory.CreateLogger("PbCluster");
        ServerNames = [.. Enumerable.Range(0, options.Servers).Select(ServerName)];

        ViewServiceNode = Simulation.CreateNode(ViewServiceName);
        var viewServer = ViewServiceNode.Invoke(() => implementation.CreateViewServer(ViewServiceNode))
            ?? throw new InvalidOperationException($"{implementation.Name}: CreateViewServer returned null.");
        Network.AddServer(ViewServiceName, viewServer, ViewServiceNode);
        _harnessEnd = Network.MakeEnd(HarnessName + "->" + ViewServiceName, ViewServiceName);

        foreach (var name in ServerNames)
        {
            _serverNodes[name] = Simulation.CreateNode(name);
            MakeEnd(name, ViewServiceName);
            foreach (var peer in ServerNames)
                if (peer != name) MakeEnd(name, peer);
        }
        foreach (var name in ServerNames) StartServer(name);
    }

    /// <summary>The implementation under test.</summary>
    public IPbImplementation Implementation { get; }

    /// <summary>The seed that replays this cluster's run.</summary>
    public ulong Seed { get; }

    /// <summary>The simulation everything runs in.</summary>
    public Simulation Simulation { get; }

    /// <summary>The network between clerks, servers and the view service.</summary>
    public Network Network { get; }

    /// <summary>The view service's node.</summary>
    public Node ViewServiceNode { get; }

    /// <summary>The servers' names: pb0, pb1, ...</summary>
    public IReadOnlyList<string> ServerNames { get; }

    /// <summary>The clerks made so far.</summary>
    public IReadOnlyList<ClusterClerk> Clerks => _clerks;

    /// <summary>The clerks' operations, if the options asked for a history.</summary>
    public KvHistory? History { get; }

    /// <summary>Server crashes so far.</summary>
    public int Crashes { get; private set; }

    /// <summary>Clerk operations completed.</summary>
    public int Ops => _ops;

    /// <summary>The name of server <paramref name="index"/>: pb0, pb1, ...</summary>
    public static string ServerName(int index) => "pb" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of clerk <paramref name="id"/>: clerk0, clerk1, ...</summary>
    public static string ClerkName(int id) => "clerk" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The node of server <paramref name="name"/>.</summary>
    public Node ServerNode(string name) => _serverNodes.TryGetValue(name, out var node) ? node
        : throw new ArgumentException($"There is no server '{name}'; the servers are {string.Join(", ", ServerNames)}.", nameof(name));

    /// <summary>A new clerk, with an end to the view service and one to each server (<c>clerkN-&gt;pbM</c>).</summary>
    public ClusterClerk MakeClerk()
    {
        int id = _clerks.Count;
        string name = ClerkName(id);
        var viewService = MakeEnd(name, ViewServiceName);
        var servers = ServerNames.ToDictionary(s => s, s => MakeEnd(name, s), StringComparer.Ordinal);
        var inner = Implementation.CreateClerk(Simulation, viewService, servers)
            ?? throw new InvalidOperationException($"{Implementation.Name}: CreateClerk returned null.");
        var clerk = new ClusterClerk(this, id, viewService, inner);
        _clerks.Add(clerk);
        return clerk;
    }

    /// <summary>Crashes server <paramref name="name"/>'s node: it stops, its calls fail, and only its persister remains.</summary>
    public void CrashServer(string name)
    {
        var node = ServerNode(name);
        if (!node.IsAlive) return;
        _generations[name] = _generations.GetValueOrDefault(name) + 1;
        node.Kill();
        Crashes++;
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Server} crashes", name);
    }

    /// <summary>Starts a new incarnation of server <paramref name="name"/> (killing the current one if it is alive); a
    /// restart that <see cref="CrashServerFor"/> scheduled then does not happen.</summary>
    public void RestartServer(string name)
    {
        var node = ServerNode(name);
        _generations[name] = _generations.GetValueOrDefault(name) + 1;
        node.Restart();
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("{Server} restarts (incarnation {Incarnation})", name, node.Incarnation);
        StartServer(name);
    }

    /// <summary>Crashes server <paramref name="name"/> now and restarts it after <paramref name="downtime"/> (unless
    /// something restarts it sooner). Call it from within the simulation.</summary>
    public void CrashServerFor(string name, TimeSpan downtime)
    {
        if (!ServerNode(name).IsAlive) return;
        CrashServer(name);
        int generation = _generations[name];
        Simulation.MainNode.Go(async () =>
        {
            await Simulation.Delay(downtime);
            if (_generations[name] == generation) RestartServer(name);
        }, "restart " + name);
    }

    /// <summary>
    /// Cuts the link between <paramref name="a"/> and <paramref name="b"/> (a server, the view service or a clerk, by
    /// name) in both directions: calls either way fail, and so do those in flight.
    /// </summary>
    public void Cut(string a, string b) => SetLink(a, b, enabled: false);

    /// <summary>Restores the link between <paramref name="a"/> and <paramref name="b"/>.</summary>
    public void Heal(string a, string b) => SetLink(a, b, enabled: true);

    /// <summary>Cuts (or, with false, restores) every link of <paramref name="party"/>.</summary>
    public void Isolate(string party, bool isolated = true)
    {
        foreach (var (from, to) in _links.Keys.ToList())
        {
            if (from == party || to == party) Network.Enable(_links[(from, to)].Name, !isolated);
        }
    }

    /// <summary>The view service's current view, asked over a link of the harness that is never cut (retried while the
    /// view service is down or the network loses the call).</summary>
    public async Task<View> ViewAsync()
    {
        while (true)
        {
            var (ok, reply) = await _harnessEnd.Call<GetViewReply>(Contract.PrimaryBackup.ViewService.Get, new GetViewArgs(HarnessName));
            if (ok) return reply!.View;
            await Simulation.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Waits (polling every 10 ms of virtual time) for a view that <paramref name="wanted"/> accepts; throws
    /// <see cref="TimeoutException"/> naming the last view if none comes within <paramref name="timeout"/>.</summary>
    public async Task<View> WaitForViewAsync(Func<View, bool> wanted, TimeSpan timeout, string? what = null)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        var deadline = Simulation.Elapsed + timeout;
        while (true)
        {
            var view = await ViewAsync();
            if (wanted(view)) return view;
            if (Simulation.Elapsed >= deadline)
                throw new TimeoutException($"No {what ?? "such view"} within {timeout.TotalSeconds:0.###} s of virtual time; the view service is at {view}.");
            await Simulation.Delay(TimeSpan.FromMilliseconds(10));
        }
    }

    /// <summary>Waits until the view has a primary and a backup and the primary has acknowledged it (a client's request
    /// then reaches a primary whose backup holds the state).</summary>
    public Task<View> WaitForPrimaryAndBackupAsync(TimeSpan? timeout = null) =>
        WaitForViewAsync(v => v.Primary.Length > 0 && v.Backup.Length > 0, timeout ?? TimeSpan.FromSeconds(5), "view with a primary and a backup");

    /// <summary>Checks the recorded history for linearizability with the KV model (see <see cref="KvHistory.CheckLinearizable"/>).</summary>
    public CheckResult<KvInput, KvOutput> CheckLinearizable(string title, TimeSpan? timeout = null)
    {
        if (History is null) throw new InvalidOperationException("This cluster records no history: set PbClusterOptions.RecordHistory.");
        return History.CheckLinearizable($"{title} ({Implementation.Name}, seed {Seed})", $"pb-{Implementation.Name}-seed{Seed}", timeout);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        Network.Dispose();
        Simulation.Dispose();
    }

    int IClerkRecorder.OnCall(int clerk, KvInput input) => History?.Call(clerk, input) ?? -1;

    void IClerkRecorder.OnReturn(int token, string? value)
    {
        _ops++;
        History?.Return(token, value is null ? KvOutput.None : new KvOutput(value));
    }

    void IClerkRecorder.OnThrew(int token)
    {
        if (token >= 0) History?.Threw(token);
    }

    private ClientEnd MakeEnd(string from, string to)
    {
        var end = Network.MakeEnd(from + "->" + to, to);
        _links[(from, to)] = end;
        return end;
    }

    private void SetLink(string a, string b, bool enabled)
    {
        bool any = false;
        if (_links.TryGetValue((a, b), out var ab))
        {
            Network.Enable(ab.Name, enabled);
            any = true;
        }
        if (_links.TryGetValue((b, a), out var ba))
        {
            Network.Enable(ba.Name, enabled);
            any = true;
        }
        if (!any) throw new ArgumentException($"There is no link between '{a}' and '{b}'.");
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("link {A} <-> {B} {State}", a, b, enabled ? "restored" : "cut");
    }

    /// <summary>Makes the implementation's server <paramref name="name"/> on its node, with its ends and persister, and registers it.</summary>
    private void StartServer(string name)
    {
        var node = _serverNodes[name];
        var viewService = _links[(name, ViewServiceName)];
        var peers = ServerNames.Where(p => p != name).ToDictionary(p => p, p => _links[(name, p)], StringComparer.Ordinal);
        var server = node.Invoke(() => Implementation.CreateServer(node, node.Persister, name, viewService, peers))
            ?? throw new InvalidOperationException($"{Implementation.Name}: CreateServer returned null.");
        Network.AddServer(name, server, node);
    }
}
