using System.Globalization;
using KvService.Contract;
using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;
using Microsoft.Extensions.Logging;

namespace KvService.Harness;

/// <summary>
/// One KV server and its clerks in a simulation (6.824's config.go for kvsrv), the one harness that both the test suite
/// and the fault scenarios (<c>check</c>) run on: it makes the simulation, the network and the server's node, makes the
/// implementation's server on that node (so that whatever the server starts dies with it), makes clerks with ends of
/// their own, crashes and restarts the server from its node's persister, counts RPCs and operations, records the
/// history, and prints 6.824's lines: <c>Test: ... (impl, seed N) ...</c> and
/// <c>  ... Passed -- time 3.0s (virtual) #RPCs 1141 #Ops 925</c>.
/// </summary>
public sealed class KvCluster : IDisposable
{
    /// <summary>The server's name on the network (and its node's name).</summary>
    public const string ServerName = "kvserver";

    private readonly List<ClusterClerk> _clerks = [];
    private readonly TextWriter? _output;
    private int _nextClerk;
    private readonly ClerkRecorder _recorder;
    private int _rpcs0;
    private long _ticks0;
    private string? _description;
    private int _generation;
    private bool _disposed;
    private readonly ILogger _log;

    /// <summary>A simulation from <paramref name="seed"/> with a network and <paramref name="implementation"/>'s server on node "kvserver".</summary>
    public KvCluster(IKvImplementation implementation, ulong seed, KvClusterOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        options ??= new KvClusterOptions();
        Implementation = implementation;
        Seed = seed;
        _output = options.Output;
        Simulation = new Simulation(seed, options.Simulation);
        Network = new Network(Simulation) { Reliable = !options.Unreliable };
        _recorder = new ClerkRecorder(options.RecordHistory ? new KvHistory(Simulation) : null);
        ServerNode = Simulation.CreateNode(ServerName);
        _log = Simulation.LoggerFactory.CreateLogger("KvCluster");
        try
        {
            Server = StartServer();
        }
        catch (Exception error)
        {
            Dispose();
            if (error is KvImplementationException) throw;
            throw new KvImplementationException(
                $"{implementation.Name}: CreateServer threw {error.GetType().Name}: {error.Message} Making a server must not throw.", error);
        }
    }

    /// <summary>The implementation under test.</summary>
    public IKvImplementation Implementation { get; }

    /// <summary>The seed that replays this cluster's run.</summary>
    public ulong Seed { get; }

    /// <summary>The simulation everything runs in.</summary>
    public Simulation Simulation { get; }

    /// <summary>The network between clerks and server.</summary>
    public Network Network { get; }

    /// <summary>The node the server runs on; its persister is what survives a crash.</summary>
    public Node ServerNode { get; }

    /// <summary>The current incarnation's server.</summary>
    public Server Server { get; private set; }

    /// <summary>The clerks made so far and not deleted.</summary>
    public IReadOnlyList<ClusterClerk> Clerks => _clerks;

    /// <summary>The operations of the clerks, if the options asked for a history.</summary>
    public KvHistory? History => _recorder.History;

    /// <summary>Times the server was crashed.</summary>
    public int Crashes { get; private set; }

    /// <summary>labrpc's unreliable network on (true) or off.</summary>
    public bool Unreliable
    {
        get => !Network.Reliable;
        set => Network.Reliable = !value;
    }

    /// <summary>Clerk operations completed since <see cref="Begin"/>.</summary>
    public int Ops => _recorder.Ops;

    /// <summary>RPCs sent since <see cref="Begin"/>.</summary>
    public int Rpcs => Network.TotalCount - _rpcs0;

    /// <summary>The name of clerk <paramref name="id"/>'s end on the network: clerk0, clerk1, ...</summary>
    public static string ClerkName(int id) => "clerk" + id.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// A new clerk with an end of its own, connected to the server and enabled (6.824's makeClient). The clerk is made as
    /// code of <paramref name="node"/> (its client machine: what the clerk starts belongs to it), or of the caller's node.
    /// </summary>
    public ClusterClerk MakeClerk(Node? node = null)
    {
        int id = _nextClerk++;
        string name = ClerkName(id);
        var end = Network.MakeEnd(name);
        Network.Connect(name, ServerName);
        Network.Enable(name, true);
        var runtime = node ?? Simulation.CurrentNode;
        var inner = node is null ? Implementation.CreateClerk(runtime, [end]) : node.Invoke(() => Implementation.CreateClerk(runtime, [end]));
        var clerk = new ClusterClerk(_recorder, id, end, inner ?? throw new KvImplementationException($"{Implementation.Name}: CreateClerk returned null."));
        _clerks.Add(clerk);
        return clerk;
    }

    /// <summary><paramref name="count"/> new clerks.</summary>
    public ClusterClerk[] MakeClerks(int count)
    {
        var clerks = new ClusterClerk[count];
        for (int i = 0; i < count; i++) clerks[i] = MakeClerk();
        return clerks;
    }

    /// <summary>Removes a clerk's end from the network (6.824's deleteClient).</summary>
    public void DeleteClerk(ClusterClerk clerk)
    {
        ArgumentNullException.ThrowIfNull(clerk);
        Network.DeleteEnd(clerk.End.Name);
        _clerks.Remove(clerk);
    }

    /// <summary>Crashes the server's node: the server stops, calls it is serving fail, and only its persister remains.</summary>
    public void CrashServer()
    {
        if (!ServerNode.IsAlive) return;
        _generation++;
        ServerNode.Kill();
        Crashes++;
    }

    /// <summary>Starts a new server on the server's node (a new incarnation) from the node's persister, and registers it.
    /// A restart that <see cref="CrashServerFor"/> scheduled then does not happen.</summary>
    public void RestartServer()
    {
        _generation++;
        ServerNode.Restart();
        if (_log.IsEnabled(LogLevel.Information))
            _log.LogInformation("server restarts from its persister (incarnation {Incarnation})", ServerNode.Incarnation);
        Server = StartServer();
    }

    /// <summary>
    /// Crashes the server now and restarts it after <paramref name="downtime"/> of virtual time (unless something restarts
    /// it sooner). Call it from within the simulation (a task, or a <see cref="Network.OnCallEvent"/> or
    /// <see cref="Persister.OnPersist"/> handler). Does nothing while the server is down.
    /// </summary>
    public void CrashServerFor(TimeSpan downtime)
    {
        if (!ServerNode.IsAlive) return;
        CrashServer();
        int generation = _generation;
        // From the main node: the server's node is dead, and nothing started from it would run.
        Simulation.MainNode.Go(async () =>
        {
            await Simulation.Delay(downtime);
            if (generation == _generation) RestartServer();
        }, "restart " + ServerName);
    }

    /// <summary>Restarts the server now if it is down (a scheduled restart then does not happen).</summary>
    public void EnsureServerUp()
    {
        if (!ServerNode.IsAlive) RestartServer();
    }

    /// <summary>Starts a test: prints <c>Test: {description} ({implementation}, seed {seed}) ...</c> and resets the counts.</summary>
    public void Begin(string description)
    {
        _description = description;
        _output?.WriteLine($"Test: {description} ({Implementation.Name}, seed {Seed}) ...");
        _rpcs0 = Network.TotalCount;
        _ticks0 = Simulation.Elapsed.Ticks;
        _recorder.ResetOps();
    }

    /// <summary>Ends a test that passed: prints and returns <c>  ... Passed -- time 3.0s (virtual) #RPCs 1141 #Ops 925</c>.</summary>
    public string End()
    {
        double seconds = (Simulation.Elapsed.Ticks - _ticks0) / (double)TimeSpan.TicksPerSecond;
        string line = string.Create(CultureInfo.InvariantCulture,
            $"  ... Passed -- time {seconds:0.0}s (virtual) #RPCs {Rpcs} #Ops {Ops}{(Crashes > 0 ? $" #Crashes {Crashes}" : "")}");
        _output?.WriteLine(line);
        return line;
    }

    /// <summary>
    /// Checks the recorded history for linearizability. A violation throws <see cref="KvCheckFailedException"/> naming an
    /// HTML picture of the history (written to the temp folder). A check that runs out of time throws too, saying the
    /// result is unknown: 6.824 passes such a history, and a verdict here is never a guess.
    /// </summary>
    public CheckResult<KvInput, KvOutput> CheckLinearizable(TimeSpan? timeout = null)
    {
        if (History is null) throw new InvalidOperationException("This cluster records no history: set KvClusterOptions.RecordHistory.");
        return History.CheckLinearizable($"{_description} ({Implementation.Name}, seed {Seed})", $"kv-{Implementation.Name}-seed{Seed}", timeout);
    }

    /// <summary>Adds the trace hash of every cluster disposed on the calling flow to <paramref name="hashes"/>, until the result is
    /// disposed (<see cref="Labs.TraceHashes"/>, which every lab's clusters report to).</summary>
    public static IDisposable RecordTraceHashes(List<ulong> hashes) => Labs.TraceHashes.Record(hashes);

    /// <inheritdoc/>
    public void Dispose()
    {
        if (!_disposed) Labs.TraceHashes.Ended(Simulation.TraceHash);
        _disposed = true;
        Network.Dispose();
        Simulation.Dispose();
    }

    /// <summary>Makes the implementation's server on the server's node, so that what it starts belongs to that node.</summary>
    private Server StartServer()
    {
        var node = ServerNode;
        var server = node.Invoke(() => Implementation.CreateServer(node, node.Persister))
            ?? throw new KvImplementationException($"{Implementation.Name}: CreateServer returned null.");
        Network.AddServer(ServerName, server, node);
        return server;
    }
}
