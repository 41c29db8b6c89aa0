using System.Globalization;
using KvService.Contract.PrimaryBackup;
using KvService.Harness;
using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.PrimaryBackup.Harness;

/// <summary>
/// A primary/backup KV service in a simulation: the view service on node "viewservice", servers "pb0", "pb1", ... and
/// clerks "clerk0", ... each on a node of its own, so that the network's per-link faults apply to any pair of them
/// (<see cref="Cut"/>, <see cref="Slow"/>; a clerk's link is its node's: run its operations on <see cref="ClerkNode"/>).
/// Every pair of parties also talks through an end of its own (<c>pb0-&gt;pb1</c>, <c>clerk0-&gt;viewservice</c>, ...),
/// which names the pair in call events. A server crashes with its node and restarts as a new incarnation made from the
/// implementation again (with its node's persister). Clerks are the KV harness's <see cref="ClusterClerk"/>s: operations are counted and recorded in a
/// <see cref="KvHistory"/>, which the KV model's linearizability checker judges.
/// </summary>
public sealed class PbCluster : IDisposable
{
    /// <summary>The view service's name on the network (and its node's name).</summary>
    public const string ViewServiceName = "viewservice";

    private const string HarnessName = "harness";

    private readonly Dictionary<string, Node> _serverNodes = new(StringComparer.Ordinal);
    private readonly List<Node> _clerkNodes = [];
    private readonly Dictionary<(string From, string To), ClientEnd> _links = [];
    private readonly List<ClusterClerk> _clerks = [];
    private readonly Dictionary<string, int> _generations = new(StringComparer.Ordinal);
    private readonly ClientEnd _harnessEnd;
    private readonly ILogger _log;
    private readonly ClerkRecorder _recorder;

    private bool _endedReported;

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
        _recorder = new ClerkRecorder(options.RecordHistory ? new KvHistory(Simulation) : null);
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
    public KvHistory? History => _recorder.History;

    /// <summary>Server crashes so far.</summary>
    public int Crashes { get; private set; }

    /// <summary>Clerk operations completed.</summary>
    public int Ops => _recorder.Ops;

    /// <summary>The name of server <paramref name="index"/>: pb0, pb1, ...</summary>
    public static string ServerName(int index) => "pb" + index.ToString(CultureInfo.InvariantCulture);

    /// <summary>The name of clerk <paramref name="id"/>: clerk0, clerk1, ...</summary>
    public static string ClerkName(int id) => "clerk" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>The node of server <paramref name="name"/>.</summary>
    public Node ServerNode(string name) => _serverNodes.TryGetValue(name, out var node) ? node
        : throw new ArgumentException($"There is no server '{name}'; the servers are {string.Join(", ", ServerNames)}.", nameof(name));

    /// <summary>The node of clerk <paramref name="id"/>: its operations cross that node's links when run on it
    /// (<c>ClerkNode(0).Spawn(...)</c>); run from elsewhere, they cross the caller's.</summary>
    public Node ClerkNode(int id) => _clerkNodes[id];

    /// <summary>A new clerk on a node of its own, with an end to the view service and one to each server (<c>clerkN-&gt;pbM</c>).</summary>
    public ClusterClerk MakeClerk()
    {
        int id = _clerks.Count;
        string name = ClerkName(id);
        var node = Simulation.CreateNode(name);
        _clerkNodes.Add(node);
        var viewService = MakeEnd(name, ViewServiceName);
        var servers = ServerNames.ToDictionary(s => s, s => MakeEnd(name, s), StringComparer.Ordinal);
        var inner = node.Invoke(() => Implementation.CreateClerk(node, viewService, servers))
            ?? throw new InvalidOperationException($"{Implementation.Name}: CreateClerk returned null.");
        var clerk = new ClusterClerk(_recorder, id, viewService, inner);
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
    /// name) in both directions (<see cref="Network.Partition(string, string, bool)"/>): requests either way fail, replies
    /// are lost.
    /// </summary>
    public void Cut(string a, string b)
    {
        Network.Partition(Party(a), Party(b));
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("link {A} <-> {B} cut", a, b);
    }

    /// <summary>Cuts the link from <paramref name="from"/> to <paramref name="to"/> only: messages that way are lost (a
    /// request that cannot cross fails; a reply that cannot cross is lost, its handler ran), the other way they pass.
    /// <see cref="Heal"/> ends it.</summary>
    public void CutOneWay(string from, string to)
    {
        Network.Partition(Party(from), Party(to), oneWay: true);
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("link {A} -> {B} cut", from, to);
    }

    /// <summary>Makes the link between <paramref name="a"/> and <paramref name="b"/> healthy again (no cut, no delay).</summary>
    public void Heal(string a, string b)
    {
        Network.Heal(Party(a), Party(b));
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("link {A} <-> {B} healed", a, b);
    }

    /// <summary>Holds the link between <paramref name="a"/> and <paramref name="b"/>, both ways (<see cref="Network.Hold(string, string, bool)"/>):
    /// messages wait, and their callers, until <see cref="Release"/> (or <see cref="Heal"/>) sends them on in order.</summary>
    public void Hold(string a, string b)
    {
        Network.Hold(Party(a), Party(b));
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("link {A} <-> {B} held", a, b);
    }

    /// <summary>Releases a link <see cref="Hold"/> held: what it held arrives in the order it left.</summary>
    public void Release(string a, string b)
    {
        Network.Release(Party(a), Party(b));
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("link {A} <-> {B} released", a, b);
    }

    /// <summary>Delays every message between <paramref name="a"/> and <paramref name="b"/>, both ways, by a uniform 0 to
    /// <paramref name="maxDelay"/> (<see cref="Network.SetLinkFaults(Node, Node, LinkFaults?)"/>); <see cref="Heal"/> ends it.</summary>
    public void Slow(string a, string b, TimeSpan maxDelay)
    {
        var faults = new LinkFaults { MaxDelay = maxDelay };
        Network.SetLinkFaults(Party(a), Party(b), faults);
        Network.SetLinkFaults(Party(b), Party(a), faults);
        if (_log.IsEnabled(LogLevel.Information)) _log.LogInformation("link {A} <-> {B} slow (up to {Ms} ms)", a, b, maxDelay.TotalMilliseconds);
    }

    /// <summary>Cuts (or, with false, heals) every link between <paramref name="party"/> and the other parties.</summary>
    public void Isolate(string party, bool isolated = true)
    {
        foreach (var other in Parties().Where(p => p != party))
        {
            if (isolated) Cut(party, other);
            else Heal(party, other);
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

    /// <summary>Waits until the view has a primary and a backup and has stayed the same for two ping intervals: time for
    /// the primary to learn it, give the backup its state and acknowledge it, so that a client's request then reaches a
    /// primary whose backup holds the state. Throws <see cref="TimeoutException"/> as <see cref="WaitForViewAsync"/> does.</summary>
    public async Task<View> WaitForPrimaryAndBackupAsync(TimeSpan? timeout = null)
    {
        var deadline = Simulation.Elapsed + (timeout ?? TimeSpan.FromSeconds(5));
        while (true)
        {
            var view = await WaitForViewAsync(v => v.Primary.Length > 0 && v.Backup.Length > 0, deadline - Simulation.Elapsed, "view with a primary and a backup");
            await Simulation.Delay(Contract.PrimaryBackup.ViewService.PingInterval * 2);
            if (await ViewAsync() == view) return view;
        }
    }

    /// <summary>Checks the recorded history for linearizability with the KV model (see <see cref="KvHistory.CheckLinearizable"/>).</summary>
    public CheckResult<KvInput, KvOutput> CheckLinearizable(string title, TimeSpan? timeout = null)
    {
        if (History is null) throw new InvalidOperationException("This cluster records no history: set PbClusterOptions.RecordHistory.");
        return History.CheckLinearizable($"{title} ({Implementation.Name}, seed {Seed})", $"pb-{Implementation.Name}-seed{Seed}", timeout);
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_endedReported) Labs.TraceHashes.Ended(Simulation.TraceHash);
        _endedReported = true;
        Network.Dispose();
        Simulation.Dispose();
    }

    private ClientEnd MakeEnd(string from, string to)
    {
        var end = Network.MakeEnd(from + "->" + to, to);
        _links[(from, to)] = end;
        return end;
    }

    /// <summary>The view service, the servers and the clerks, by name.</summary>
    private IEnumerable<string> Parties() => [ViewServiceName, .. ServerNames, .. _clerkNodes.Select(n => n.Name)];

    private Node Party(string name) =>
        name == ViewServiceName ? ViewServiceNode
        : _serverNodes.TryGetValue(name, out var server) ? server
        : _clerkNodes.Find(n => n.Name == name)
            ?? throw new ArgumentException($"There is no party '{name}': the view service, the servers and the clerks are {string.Join(", ", Parties())}.", nameof(name));

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
