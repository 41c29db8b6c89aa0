using System.Globalization;
using System.Threading.Channels;
using LabRpc.Diagram;

namespace LabRpc.Raft.Tester;

/// <summary>
/// 6.5840's Raft tester (its <c>config</c>), in virtual time: a group of peers on simulated nodes, each with an end to
/// every peer (<c>raftI-&gt;raftJ</c>), a persister that survives crashes and an apply channel the tester reads. It
/// connects and disconnects peers, crashes and restarts them from their persisters, makes the network unreliable or
/// reorders replies, counts RPCs and bytes, checks every applied command (the same at each index on every peer, in
/// order, without gaps), takes a snapshot every <see cref="SnapshotInterval"/> commands when asked to, and checks Raft's
/// safety properties at every step (<see cref="RaftInvariants"/>). A failed check throws <see cref="RaftCheckException"/>;
/// a broken property stops the peers at once and throws <see cref="RaftInvariantException"/>.
/// </summary>
public sealed class RaftTester : IDisposable
{
    /// <summary>The tester's service takes a snapshot after every this many commands (6.5840's SnapShotInterval).</summary>
    public const int SnapshotInterval = 10;

    /// <summary>The most bytes a peer's persisted Raft state may hold in the snapshot tests (6.5840's MAXLOGSIZE).</summary>
    public const int MaxLogSize = 2000;

    /// <summary>The time the tester allows for an election (6.5840's RaftElectionTimeout).</summary>
    public static readonly TimeSpan ElectionTimeout = TimeSpan.FromSeconds(1);

    private readonly IRaftImplementation _implementation;
    private readonly Node[] _nodes;
    private readonly ClientEnd[][] _ends;
    private readonly IRaft?[] _rafts;
    private readonly IRaftInspection?[] _inspections;
    private readonly bool[] _connected;
    private readonly bool[] _started;
    private readonly Dictionary<int, object?>[] _applied;
    private readonly int[] _lastApplied;
    private readonly Dictionary<string, (int From, int To)> _endPeers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _serverPeers = new(StringComparer.Ordinal);
    private readonly RaftInvariants _invariants;
    private readonly TextWriter _output;
    private readonly RunTrace _trace;
    private Exception? _failure;
    private string _description = "";
    private TimeSpan _begun;
    private int _rpcs0;
    private long _bytes0;
    private int _maxIndex;
    private int _maxIndex0;

    /// <summary>A group of <paramref name="servers"/> peers of <paramref name="implementation"/> (made and connected when
    /// <see cref="Run"/> starts), in a simulation from
    /// <paramref name="seed"/>, on a reliable network or not; with <paramref name="snapshot"/>, the tester's service takes
    /// snapshots (3D). Progress lines go to <paramref name="output"/>.</summary>
    public RaftTester(IRaftImplementation implementation, int servers, bool reliable, bool snapshot, ulong seed, TextWriter? output = null)
        : this(implementation, servers, reliable, snapshot, seed, output, null)
    {
    }

    /// <summary>As the other constructor, with the simulation's step recording and chooser taken from <paramref name="options"/>
    /// (the lab's scenario runs: determinism checks and exploration); its virtual-time limit stays the tester's.</summary>
    public RaftTester(IRaftImplementation implementation, int servers, bool reliable, bool snapshot, ulong seed, TextWriter? output, SimulationOptions? options)
    {
        ArgumentNullException.ThrowIfNull(implementation);
        ArgumentOutOfRangeException.ThrowIfLessThan(servers, 1);
        _implementation = implementation;
        Servers = servers;
        Snapshots = snapshot;
        Seed = seed;
        _output = output ?? TextWriter.Null;
        Simulation = new Simulation(seed, (options ?? new SimulationOptions()) with { MaxVirtualTime = TimeSpan.FromMinutes(10) });
        Network = new Network(Simulation) { Reliable = reliable };
        Network.OnCallEvent = OnCall;
        _invariants = new RaftInvariants(servers);
        _trace = new RunTrace(servers);
        _nodes = new Node[servers];
        _ends = new ClientEnd[servers][];
        _rafts = new IRaft?[servers];
        _inspections = new IRaftInspection?[servers];
        _connected = new bool[servers];
        _started = new bool[servers];
        _applied = new Dictionary<int, object?>[servers];
        _lastApplied = new int[servers];
        for (int i = 0; i < servers; i++)
        {
            _nodes[i] = Simulation.CreateNode(PeerName(i));
            _applied[i] = [];
            _serverPeers[PeerName(i)] = i;
        }
        for (int i = 0; i < servers; i++)
        {
            _ends[i] = new ClientEnd[servers];
            for (int j = 0; j < servers; j++)
            {
                string name = PeerName(i) + "->" + PeerName(j);
                _ends[i][j] = Network.MakeEnd(name, PeerName(j));
                _endPeers[name] = (i, j);
            }
        }
    }

    /// <summary>The number of peers.</summary>
    public int Servers { get; }

    /// <summary>Whether the tester's service takes snapshots (the 3D tests).</summary>
    public bool Snapshots { get; }

    /// <summary>The seed that replays this run.</summary>
    public ulong Seed { get; }

    /// <summary>The simulation the peers run in.</summary>
    public Simulation Simulation { get; }

    /// <summary>The network between the peers.</summary>
    public Network Network { get; }

    /// <summary>The invariant checker.</summary>
    public RaftInvariants Invariants => _invariants;

    /// <summary>Whether peer <paramref name="i"/> is connected.</summary>
    public bool IsConnected(int i) => _connected[i];

    /// <summary>Whether peer <paramref name="i"/> is running (not crashed).</summary>
    public bool IsAlive(int i) => _rafts[i] is not null;

    /// <summary>The name of peer <paramref name="i"/>'s node and server: raft0, raft1, ...</summary>
    public static string PeerName(int i) => "raft" + i.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs <paramref name="body"/> (a test) in the simulation, then fails if any check failed on the way.</summary>
    public void Run(Func<RaftTester, Task> body)
    {
        ArgumentNullException.ThrowIfNull(body);
        try
        {
            Simulation.Run(async () =>
            {
                // The peers are made inside the run, so that everything of theirs (Make included) is watched as simulated code.
                if (!_started.Any(started => started)) RestartAll();
                await body(this);
                ThrowIfFailed();
            });
        }
        catch (Exception error) when (_failure is not null && error != _failure)
        {
            throw Attach(_failure);
        }
        catch (Exception error)
        {
            Attach(error);
            throw;
        }
    }

    /// <summary>A random number in [0, <paramref name="maxExclusive"/>) from the run's seed.</summary>
    public int Rand(int maxExclusive) => Simulation.Random.Next(maxExclusive);

    /// <summary>A random non-negative command from the run's seed (6.5840's <c>rand.Int()</c>).</summary>
    public int RandomCommand() => Simulation.Random.Next(int.MaxValue);

    /// <summary>A random string of <paramref name="length"/> letters and digits from the run's seed (6.5840's Randstring).</summary>
    public string RandomString(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        return string.Create(length, Simulation.Random, static (span, random) =>
        {
            for (int i = 0; i < span.Length; i++) span[i] = Alphabet[random.Next(Alphabet.Length)];
        });
    }

    /// <summary>Sleeps <paramref name="time"/> of virtual time, then fails if a check failed meanwhile.</summary>
    public async Task Sleep(TimeSpan time)
    {
        ThrowIfFailed();
        await Simulation.Delay(time);
        ThrowIfFailed();
    }

    /// <summary>Sleeps <paramref name="milliseconds"/> ms of virtual time.</summary>
    public Task Sleep(int milliseconds) => Sleep(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>Prints the test's description and starts its counters (6.5840's <c>Begin</c>).</summary>
    public void Begin(string description)
    {
        _description = description;
        _begun = Simulation.Elapsed;
        _rpcs0 = RpcTotal();
        _bytes0 = Network.TotalBytes;
        _maxIndex0 = _maxIndex;
        _output.WriteLine($"{description} ...");
    }

    /// <summary>The line 6.5840 prints at the end of a test that passed: virtual seconds, peers, RPCs, bytes, commands.</summary>
    public string Passed()
    {
        ThrowIfFailed();
        string line = string.Format(CultureInfo.InvariantCulture, "  ... Passed -- {0,5:F1}  {1}  {2,4}  {3,7}  {4,3}  ({5} invariant checks)",
            (Simulation.Elapsed - _begun).TotalSeconds, Servers, RpcTotal() - _rpcs0, Network.TotalBytes - _bytes0, _maxIndex - _maxIndex0,
            _invariants.Checks);
        _output.WriteLine(line);
        return $"{_description}: passed";
    }

    /// <summary>Starts peer <paramref name="i"/> (again, if it ran before: a fresh instance made from its persister),
    /// disconnected; the tester's view of what it applied restarts from the persisted snapshot.</summary>
    public void StartServer(int i)
    {
        var node = _nodes[i];
        if (_started[i])
        {
            node.Restart();
            _trace.Note(Ticks, PeerName(i), DiagramEventKind.Restart, "restarts from its persister");
        }
        _started[i] = true;
        _rafts[i] = null;
        _inspections[i] = null;
        _applied[i].Clear();
        _lastApplied[i] = 0;
        _invariants.Restarted(i);
        var snapshot = RaftPersistence.ReadSnapshot(node.Persister);
        if (Snapshots && snapshot.Length > 0 && Ingest(i, snapshot, -1) is { } problem) throw new RaftCheckException(problem);

        var channel = SimChannel.CreateUnbounded<ApplyMsg>(new UnboundedChannelOptions { SingleReader = true });
        IRaft? raft;
        try
        {
            raft = node.Invoke(() => _implementation.Make(node, _ends[i], i, node.Persister, channel.Writer));
        }
        catch (Exception error) when (error is not SimulationException)
        {
            throw new RaftCheckException(
                $"{_implementation.Name}: Make for peer {i} threw {error.GetType().Name}: {error.Message}. Make must return a peer without throwing; start long work with runtime.Go.", error);
        }
        _rafts[i] = raft ?? throw new RaftCheckException($"{_implementation.Name}: Make for peer {i} returned null.");
        _inspections[i] = raft as IRaftInspection;
        Network.AddServer(PeerName(i), new Server(new Service(raft, RaftRpc.ServiceName)), node);
        node.Go(() => Applier(i, channel.Reader), "tester applier");
    }

    /// <summary>Crashes peer <paramref name="i"/> (6.5840's ShutdownServer): disconnects it and kills its node; only its
    /// persister remains.</summary>
    public void Crash(int i)
    {
        _trace.Note(Ticks, PeerName(i), DiagramEventKind.Crash, "crashes");
        Disconnect(i);
        _nodes[i].Kill();
        _rafts[i] = null;
        _inspections[i] = null;
    }

    /// <summary>Starts peer <paramref name="i"/> again from its persister and connects it (6.5840's <c>restart</c>).</summary>
    public void Restart(int i)
    {
        StartServer(i);
        Connect(i);
    }

    /// <summary>Crashes every peer.</summary>
    public void CrashAll()
    {
        for (int i = 0; i < Servers; i++) Crash(i);
    }

    /// <summary>Starts every peer again and connects them all.</summary>
    public void RestartAll()
    {
        for (int i = 0; i < Servers; i++) StartServer(i);
        for (int i = 0; i < Servers; i++) Connect(i);
    }

    /// <summary>Connects peer <paramref name="i"/> to the connected peers, both ways (6.5840's ConnectOne).</summary>
    public void Connect(int i)
    {
        _trace.Note(Ticks, "tester", DiagramEventKind.Note, $"connects {PeerName(i)}");
        _connected[i] = true;
        for (int j = 0; j < Servers; j++)
        {
            if (!_connected[j]) continue;
            Network.Enable(_ends[i][j].Name, true);
            Network.Enable(_ends[j][i].Name, true);
        }
    }

    /// <summary>Cuts peer <paramref name="i"/> off from every peer, both ways (6.5840's DisconnectAll).</summary>
    public void Disconnect(int i)
    {
        _trace.Note(Ticks, "tester", DiagramEventKind.Note, $"disconnects {PeerName(i)}");
        _connected[i] = false;
        for (int j = 0; j < Servers; j++)
        {
            Network.Enable(_ends[i][j].Name, false);
            Network.Enable(_ends[j][i].Name, false);
        }
    }

    /// <summary>Makes the network reliable or not (labrpc's Reliable).</summary>
    public void SetReliable(bool reliable) => Network.Reliable = reliable;

    /// <summary>Holds two replies in three back 200–2200 ms, or stops doing so (labrpc's LongReordering).</summary>
    public void SetLongReordering(bool on) => Network.LongReordering = on;

    /// <summary>RPCs peer <paramref name="i"/>'s current incarnation has received.</summary>
    public int RpcCount(int i) => Network.GetCount(PeerName(i));

    /// <summary>RPCs all peers have received.</summary>
    public int RpcTotal()
    {
        int n = 0;
        for (int i = 0; i < Servers; i++) n += RpcCount(i);
        return n;
    }

    /// <summary>Bytes of every RPC request and reply so far.</summary>
    public long BytesTotal => Network.TotalBytes;

    /// <summary>The largest persisted Raft state among the peers, in bytes (6.5840's LogSize).</summary>
    public long LogSize() => _nodes.Max(n => RaftPersistence.StateSize(n.Persister));

    /// <summary>Calls <see cref="IRaft.Start"/> on peer <paramref name="i"/> (on its node); a crashed peer is no leader.</summary>
    public StartResult Start(int i, object command)
    {
        ThrowIfFailed();
        var raft = _rafts[i];
        if (raft is null) return new StartResult(-1, -1, false);
        var result = _nodes[i].Invoke(() => raft.Start(command));
        if (result.IsLeader) _trace.Note(Ticks, PeerName(i), DiagramEventKind.Note, $"Start({Commands.Show(command)}) -> index {result.Index}, term {result.Term}");
        CheckPeer(i);
        return result;
    }

    /// <summary>Calls <see cref="IRaft.GetState"/> on peer <paramref name="i"/> (on its node).</summary>
    public RaftState GetState(int i)
    {
        var raft = _rafts[i] ?? throw new InvalidOperationException($"peer {i} is crashed");
        return _nodes[i].Invoke(() => raft.GetState());
    }

    /// <summary>Waits for exactly one connected leader, up to ten times 450–550 ms (about 5 s: the election time rule),
    /// and returns it; two leaders of one term, or none at the end, fail (6.5840's checkOneLeader).</summary>
    public async Task<int> CheckOneLeader()
    {
        for (int iter = 0; iter < 10; iter++)
        {
            await Sleep(450 + Rand(100));
            var leaders = new SortedDictionary<int, List<int>>();
            for (int i = 0; i < Servers; i++)
            {
                if (!_connected[i] || _rafts[i] is null) continue;
                var state = GetState(i);
                if (!state.IsLeader) continue;
                if (!leaders.TryGetValue(state.Term, out var list)) leaders[state.Term] = list = [];
                list.Add(i);
            }
            foreach (var (term, list) in leaders)
                if (list.Count > 1) throw new RaftCheckException($"term {term} has {list.Count} (>1) leaders");
            if (leaders.Count > 0) return leaders.Last().Value[0];
        }
        throw new RaftCheckException("expected one leader, got none (no leader within about 5 s of virtual time)");
    }

    /// <summary>Checks that every connected peer is in the same term, and returns it (6.5840's checkTerms).</summary>
    public int CheckTerms()
    {
        ThrowIfFailed();
        int term = -1;
        for (int i = 0; i < Servers; i++)
        {
            if (!_connected[i] || _rafts[i] is null) continue;
            int t = GetState(i).Term;
            if (term == -1) term = t;
            else if (term != t) throw new RaftCheckException($"servers disagree on term: {term} and {t}");
        }
        return term;
    }

    /// <summary>Checks that no connected peer thinks it is leader (6.5840's checkNoLeader).</summary>
    public void CheckNoLeader()
    {
        ThrowIfFailed();
        for (int i = 0; i < Servers; i++)
        {
            if (_connected[i] && _rafts[i] is not null && GetState(i).IsLeader)
                throw new RaftCheckException($"expected no leader among connected servers, but {i} claims to be leader");
        }
    }

    /// <summary>How many peers have applied index <paramref name="index"/>, and the command there; peers that disagree fail
    /// (6.5840's nCommitted).</summary>
    public (int Count, object? Command) NCommitted(int index)
    {
        ThrowIfFailed();
        int count = 0;
        object? command = null;
        for (int i = 0; i < Servers; i++)
        {
            if (!_applied[i].TryGetValue(index, out var c)) continue;
            if (count > 0 && !Commands.Same(command, c))
                throw new RaftCheckException($"committed values do not match: index {index}, {Commands.Show(command)}, {Commands.Show(c)}");
            count++;
            command = c;
        }
        return (count, command);
    }

    /// <summary>
    /// Submits <paramref name="command"/> to a leader and waits until <paramref name="expectedServers"/> peers have applied
    /// it, trying each peer in turn for up to 10 s, and returns its index (6.5840's <c>one</c>). Without
    /// <paramref name="retry"/>, a command a leader accepted but that did not commit within 2 s fails at once.
    /// </summary>
    public async Task<int> One(object command, int expectedServers, bool retry)
    {
        var t0 = Simulation.Elapsed;
        int starts = 0;
        while (Simulation.Elapsed - t0 < TimeSpan.FromSeconds(10))
        {
            int index = -1;
            for (int si = 0; si < Servers; si++)
            {
                starts = (starts + 1) % Servers;
                if (!_connected[starts] || _rafts[starts] is null) continue;
                var result = Start(starts, command);
                if (result.IsLeader)
                {
                    index = result.Index;
                    break;
                }
            }
            if (index != -1)
            {
                var t1 = Simulation.Elapsed;
                while (Simulation.Elapsed - t1 < TimeSpan.FromSeconds(2))
                {
                    var (count, applied) = NCommitted(index);
                    if (count > 0 && count >= expectedServers && Commands.Same(applied, command)) return index;
                    await Sleep(20);
                }
                if (!retry) throw new RaftCheckException($"one({Commands.Show(command)}) failed to reach agreement (index {index} did not commit on {expectedServers} peers within 2 s)");
            }
            else
            {
                await Sleep(50);
            }
        }
        throw new RaftCheckException($"one({Commands.Show(command)}) failed to reach agreement within 10 s");
    }

    /// <summary>Waits (up to about 20 s, backing off) for <paramref name="n"/> peers to apply <paramref name="index"/> and
    /// returns its command, or -1 when a peer's term passed <paramref name="startTerm"/> (6.5840's <c>wait</c>).</summary>
    public async Task<object?> Wait(int index, int n, int startTerm)
    {
        var pause = TimeSpan.FromMilliseconds(10);
        for (int iter = 0; iter < 30; iter++)
        {
            if (NCommitted(index).Count >= n) break;
            await Sleep(pause);
            if (pause < TimeSpan.FromSeconds(1)) pause *= 2;
            if (startTerm > -1)
            {
                for (int i = 0; i < Servers; i++)
                    if (_rafts[i] is not null && GetState(i).Term > startTerm) return -1L;
            }
        }
        var (count, command) = NCommitted(index);
        if (count < n) throw new RaftCheckException($"only {count} decided for index {index}; wanted {n}");
        return command;
    }

    /// <summary>Checks that no peer applied <paramref name="index"/>.</summary>
    public void CheckNoAgreement(int index)
    {
        var (count, _) = NCommitted(index);
        if (count > 0) throw new RaftCheckException($"{count} committed index {index} but there was no majority");
    }

    /// <summary>Fails with the first failure recorded (an invariant, an apply check) if there is one.</summary>
    public void ThrowIfFailed()
    {
        if (_failure is not null) throw _failure;
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        RaftTraceHashes.Ended(Simulation.TraceHash);
        Network.Dispose();
        Simulation.Dispose();
    }

    /// <summary>The message diagram of the run's last events, up to now (up to the failure, once one happened).</summary>
    public MessageDiagram Diagram() => _trace.ToDiagram();

    private Exception Attach(Exception error)
    {
        switch (error)
        {
            case RaftCheckException check when check.Diagram is null:
                check.Diagram = Diagram();
                break;
            case RaftInvariantException invariant when invariant.Diagram is null:
                invariant.Diagram = Diagram();
                break;
        }
        return error;
    }

    private long Ticks => Simulation.Elapsed.Ticks;

    private async Task Applier(int i, ChannelReader<ApplyMsg> reader)
    {
        while (true)
        {
            var message = await reader.ReadAsync();
            if (_failure is not null) return;
            string? problem = OnApply(i, message);
            if (problem is not null) Fail(new RaftCheckException(problem));
        }
    }

    private string? OnApply(int i, ApplyMsg message)
    {
        if (message is null) return $"server {i} sent a null ApplyMsg";
        if (message.CommandValid)
        {
            int index = message.CommandIndex;
            if (index != _lastApplied[i] + 1)
                return $"server {i} apply out of order, expected index {_lastApplied[i] + 1}, got {index}";
            object? command = Commands.Normalize(message.Command);
            if (RaftInvariants.CheckApplied(i, index, command, _applied) is { } violation)
            {
                Fail(violation);
                return null;
            }
            _applied[i][index] = command;
            _lastApplied[i] = index;
            if (index > _maxIndex) _maxIndex = index;
            CheckPeer(i);
            if (Snapshots && (index + 1) % SnapshotInterval == 0)
            {
                var log = new object?[index + 1];
                for (int k = 1; k <= index; k++) log[k] = _applied[i].GetValueOrDefault(k);
                var bytes = MessagePackCodec.Instance.Encode(new TesterSnapshot(index, log));
                var raft = _rafts[i];
                raft?.Snapshot(index, bytes);
            }
            return null;
        }
        if (message.SnapshotValid)
        {
            if (!Snapshots) return $"server {i} applied a snapshot, but this test takes none";
            if (message.SnapshotIndex <= _lastApplied[i])
                return $"server {i} applied a snapshot up to index {message.SnapshotIndex}, behind the commands it had already applied (up to {_lastApplied[i]})";
            return Ingest(i, message.Snapshot ?? [], message.SnapshotIndex);
        }
        return $"server {i} sent an ApplyMsg with neither CommandValid nor SnapshotValid";
    }

    private string? Ingest(int i, byte[] snapshot, int index)
    {
        TesterSnapshot decoded;
        try
        {
            decoded = MessagePackCodec.Instance.Decode<TesterSnapshot>(snapshot);
        }
        catch (Exception error) when (error is not SimulationException)
        {
            return $"server {i}: the snapshot ({snapshot.Length} bytes) is not one the tester made: {error.Message}";
        }
        if (index != -1 && index != decoded.LastIncludedIndex)
            return $"server {i} snapshot doesn't match SnapshotIndex: the snapshot covers up to {decoded.LastIncludedIndex}, the message says {index}";
        _applied[i].Clear();
        for (int k = 1; k <= decoded.LastIncludedIndex && k < decoded.Log.Length; k++)
        {
            object? command = Commands.Normalize(decoded.Log[k]);
            if (RaftInvariants.CheckApplied(i, k, command, _applied) is { } violation) return violation.Message;
            _applied[i][k] = command;
        }
        _lastApplied[i] = decoded.LastIncludedIndex;
        if (decoded.LastIncludedIndex > _maxIndex) _maxIndex = decoded.LastIncludedIndex;
        return null;
    }

    private void OnCall(CallEvent call)
    {
        if (_failure is not null || !_endPeers.TryGetValue(call.End, out var link)) return;
        _trace.Call(Ticks, call, PeerName(link.From), PeerName(link.To));
        if (call.Stage == CallStage.Sent) CheckPeer(link.From);
        else if (call.Stage == CallStage.Executed && call.Server is { } server && _serverPeers.TryGetValue(server, out int to)) CheckPeer(to);
    }

    private void CheckPeer(int i)
    {
        if (_failure is not null) return;
        var raft = _rafts[i];
        if (raft is null || !_nodes[i].IsAlive) return;
        if (_invariants.Check(i, raft, _inspections[i]) is { } violation) Fail(violation);
    }

    private void Fail(Exception failure)
    {
        if (_failure is not null) return;
        _failure = failure is RaftInvariantException
            ? new RaftInvariantException(((RaftInvariantException)failure).Property,
                failure.Message[(failure.Message.IndexOf(':', StringComparison.Ordinal) + 2)..] + $" (at virtual time {Simulation.Elapsed.TotalSeconds:F3} s)")
            : failure;
        _trace.Note(Ticks, "tester", DiagramEventKind.Note, "FAILED: " + _failure.Message);
        // Stop the world at the next step (not inside the network's callback): no peer runs again, and the test's next
        // wait throws.
        Simulation.MainNode.Go(() =>
        {
            foreach (var node in _nodes)
                if (node.IsAlive) node.Kill();
            return Task.CompletedTask;
        }, "stop at the violation");
    }
}
