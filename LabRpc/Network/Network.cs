using Microsoft.Extensions.Logging;

namespace LabRpc;

/// <summary>
/// A simulated network of client ends and servers with labrpc's API and fault behaviour: calls are
/// delayed, dropped and reordered as <see cref="Faults"/> and the links between nodes say (one component decides every
/// message's fate: see <see cref="Partition(Node, Node, bool)"/>, <see cref="Hold(Node, Node, bool)"/> and
/// <see cref="SetLinkFaults(Node, Node, LinkFaults?)"/>), every random choice comes from the simulation's seed, and
/// arguments and replies cross as bytes through <see cref="Codec"/>.
/// </summary>
public sealed class Network : IDisposable
{
    private static readonly SimCallback DispatchCallback = static (s, duplicate) => ((PendingCall)s!).Network.Dispatch((PendingCall)s!, duplicate != 0);
    private static readonly SimCallback DeliverCallback = static (s, _) => ((PendingCall)s!).Network.Deliver((PendingCall)s!);
    private static readonly SimCallback FailCallback = static (s, _) => ((PendingCall)s!).Network.Finish((PendingCall)s!, ok: false);
    private static readonly SimCallback TimeoutCallback = static (s, _) => ((PendingCall)s!).Network.TimeOut((PendingCall)s!);

    private readonly Dictionary<string, ClientEnd> _ends = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ServerEntry> _servers = new(StringComparer.Ordinal);
    private readonly Simulation _sim;
    private readonly Topology _topology;
    private readonly ILogger _log;
    private readonly bool _debug;
    private PendingCall? _inFlight;
    private Type? _checkedArgsType;
    private Func<object, byte[]>? _argsEncoder;
    private int _serversVersion = 1; // moves on whenever _servers changes: ends' cached lookups are stale then
    private long _nextCallId;
    private bool _disposed;

    /// <summary>Creates an empty network in <paramref name="simulation"/>, reliable, with the given codec (MessagePack by default).</summary>
    public Network(Simulation simulation, ICodec? codec = null)
    {
        _sim = simulation;
        _topology = new Topology(simulation.Chooser);
        Codec = codec ?? MessagePackCodec.Instance;
        _log = simulation.LoggerFactory.CreateLogger("LabRpc.Network");
        _debug = _log.IsEnabled(LogLevel.Debug);
        simulation.NodeKilled += OnNodeKilled;
        simulation.AddPendingDescriber(DescribeInFlight);
    }

    /// <summary>How arguments and replies become bytes.</summary>
    public ICodec Codec { get; }

    /// <summary>What the network does to messages now. Set it at any time; it applies to messages sent from then on.</summary>
    public FaultProfile Faults
    {
        get => _topology.Profile;
        set => _topology.Profile = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>labrpc's Reliable: false delays requests 0–26 ms and loses 10 % of requests and 10 % of replies.</summary>
    public bool Reliable
    {
        get => Faults.IsReliable;
        set => Faults = Faults.WithReliable(value);
    }

    /// <summary>labrpc's LongDelays: a call that cannot reach a server fails after up to 7 s instead of 100 ms.</summary>
    public bool LongDelays
    {
        get => Faults.LongDelays;
        set => Faults = Faults with { LongDelays = value };
    }

    /// <summary>labrpc's LongReordering: two replies in three are held back 200–2200 ms.</summary>
    public bool LongReordering
    {
        get => Faults.LongReordering;
        set => Faults = Faults with { LongReordering = value };
    }

    /// <summary>
    /// Called synchronously at each step of every call (see <see cref="CallStage"/>). A test can observe calls
    /// here, or act at an exact moment: kill the server's node when a request arrives, after it executed, or
    /// once its reply has left.
    /// </summary>
    public Action<CallEvent>? OnCallEvent { get; set; }

    /// <summary>Calls accepted by the network (labrpc's GetTotalCount).</summary>
    public int TotalCount { get; private set; }

    /// <summary>Bytes of requests accepted and replies delivered (labrpc's GetTotalBytes).</summary>
    public long TotalBytes { get; private set; }

    /// <summary>Requests and replies the network threw away.</summary>
    public int Drops { get; private set; }

    /// <summary>Requests the network delivered twice.</summary>
    public int Duplicates { get; private set; }

    /// <summary>Creates a client end, disabled and not connected (labrpc's MakeEnd).</summary>
    public ClientEnd MakeEnd(string name)
    {
        _sim.CheckThread("Network.MakeEnd");
        if (_ends.ContainsKey(name)) throw new ArgumentException($"Network.MakeEnd: an end named '{name}' already exists.", nameof(name));
        var end = new ClientEnd(this, name);
        _ends.Add(name, end);
        return end;
    }

    /// <summary>Creates an end, connects it to <paramref name="serverName"/> and enables it: MakeEnd, Connect and Enable in one.</summary>
    public ClientEnd MakeEnd(string name, string serverName)
    {
        var end = MakeEnd(name);
        end.ServerName = serverName;
        end.Enabled = true;
        return end;
    }

    /// <summary>Removes an end: its calls fail from now on.</summary>
    public void DeleteEnd(string name)
    {
        if (!_ends.Remove(name, out var end)) return;
        end.Deleted = true;
        end.Enabled = false;
        FailInFlight(c => c.End == end, $"end '{name}' deleted");
    }

    /// <summary>Registers <paramref name="server"/> under <paramref name="name"/>; its handlers run on
    /// <paramref name="node"/> (a new node of that name if none is given). Replaces any server of that name.</summary>
    public void AddServer(string name, Server server, Node? node = null)
    {
        _sim.CheckThread("Network.AddServer");
        ArgumentNullException.ThrowIfNull(server);
        node ??= _sim.CreateNode(name);
        if (!node.IsAlive) throw new InvalidOperationException($"Network.AddServer: node '{node.Name}' is dead; restart it first.");
        if (_servers.Remove(name, out var old))
        {
            old.Removed = true;
            FailInFlight(c => c.Target == old, $"server '{name}' replaced");
        }
        _servers[name] = new ServerEntry(name, server, node.Context);
        _serversVersion++;
    }

    /// <summary>Removes a server: calls it is serving fail, and no reply of it is delivered from now on (labrpc's DeleteServer).</summary>
    public void DeleteServer(string name)
    {
        if (!_servers.Remove(name, out var old)) return;
        old.Removed = true;
        _serversVersion++;
        FailInFlight(c => c.Target == old, $"server '{name}' deleted");
    }

    /// <summary>Connects an end to a server name (the server need not exist yet).</summary>
    public void Connect(string endName, string serverName) => GetEnd(endName).ServerName = serverName;

    /// <summary>Enables or disables an end; a disabled end's calls fail, and so do those it has in flight.</summary>
    public void Enable(string endName, bool enabled)
    {
        var end = GetEnd(endName);
        end.Enabled = enabled;
        if (!enabled) FailInFlight(c => c.End == end, $"end '{endName}' disabled");
    }

    /// <summary>Cuts an end or server off from everything (true) or heals it (false); calls in flight through it fail.</summary>
    public void Isolate(string name, bool isolated)
    {
        Faults = Faults with { Isolated = isolated ? Faults.Isolated.Add(name) : Faults.Isolated.Remove(name) };
        if (isolated) FailInFlight(c => c.End.Name == name || c.Target?.Name == name, $"'{name}' isolated");
    }

    /// <summary>
    /// Cuts the link between nodes <paramref name="a"/> and <paramref name="b"/>: messages from <paramref name="a"/> to
    /// <paramref name="b"/> are lost, and, unless <paramref name="oneWay"/>, those from <paramref name="b"/> to
    /// <paramref name="a"/> too. A request that cannot cross fails as a call to an unreachable server does; a reply that
    /// cannot cross is lost (its handler ran). Messages already on their way arrive. A client end belongs to the node that
    /// calls through it, a server to the node it runs on; other links are untouched.
    /// </summary>
    public void Partition(Node a, Node b, bool oneWay = false)
    {
        CheckPair(a, b, nameof(Partition));
        _topology.Get(a, b).Partitioned = true;
        if (!oneWay) _topology.Get(b, a).Partitioned = true;
        if (_debug) _log.LogDebug("link {A} {Arrow} {B} cut", a.Name, oneWay ? "->" : "<->", b.Name);
    }

    /// <summary>As <see cref="Partition(Node, Node, bool)"/>, with the nodes named.</summary>
    public void Partition(string a, string b, bool oneWay = false) => Partition(FindNode(a), FindNode(b), oneWay);

    /// <summary>
    /// Holds the link between <paramref name="a"/> and <paramref name="b"/> (both directions unless <paramref name="oneWay"/>):
    /// messages that would cross it wait, none is delivered, until <see cref="Release(Node, Node)"/>, which sends them on in
    /// the order they left. Their callers keep waiting meanwhile.
    /// </summary>
    public void Hold(Node a, Node b, bool oneWay = false)
    {
        CheckPair(a, b, nameof(Hold));
        _topology.Get(a, b).Held = true;
        if (!oneWay) _topology.Get(b, a).Held = true;
        if (_debug) _log.LogDebug("link {A} {Arrow} {B} held", a.Name, oneWay ? "->" : "<->", b.Name);
    }

    /// <summary>As <see cref="Hold(Node, Node, bool)"/>, with the nodes named.</summary>
    public void Hold(string a, string b, bool oneWay = false) => Hold(FindNode(a), FindNode(b), oneWay);

    /// <summary>Stops holding the link between <paramref name="a"/> and <paramref name="b"/> (both directions): the messages
    /// it held go on now, in the order they left, each arriving after the one before.</summary>
    public void Release(Node a, Node b)
    {
        CheckPair(a, b, nameof(Release));
        Release(_topology.Find(a, b));
        Release(_topology.Find(b, a));
    }

    /// <summary>As <see cref="Release(Node, Node)"/>, with the nodes named.</summary>
    public void Release(string a, string b) => Release(FindNode(a), FindNode(b));

    /// <summary>
    /// Gives messages from <paramref name="from"/> to <paramref name="to"/> (that direction only) their own drop, delay and
    /// duplication rates, in place of the profile's (<see cref="Faults"/>), and calls across it a timeout; null gives the
    /// link back to the profile.
    /// </summary>
    public void SetLinkFaults(Node from, Node to, LinkFaults? faults)
    {
        CheckPair(from, to, nameof(SetLinkFaults));
        if (faults is { DropRate: < 0 or > 1 or double.NaN })
            throw new ArgumentOutOfRangeException(nameof(faults), faults.DropRate, "Network.SetLinkFaults: a drop rate is a probability, from 0 to 1.");
        if (faults is { DuplicateRate: < 0 or > 1 or double.NaN })
            throw new ArgumentOutOfRangeException(nameof(faults), faults.DuplicateRate, "Network.SetLinkFaults: a duplication rate is a probability, from 0 to 1.");
        foreach (var (time, what) in new[] { (faults?.MaxDelay, "delay"), (faults?.MaxDuplicateDelay, "copies' delay"), (faults?.Timeout, "timeout") })
        {
            if (time is { } d && (d < TimeSpan.Zero || d > TimeSpan.FromHours(1)))
                throw new ArgumentOutOfRangeException(nameof(faults), d, $"Network.SetLinkFaults: a link's {what} is from 0 to an hour.");
        }
        var link = _topology.Get(from, to);
        link.DropRate = faults?.DropRate;
        link.MaxDelay = faults?.MaxDelay;
        link.DuplicateRate = faults?.DuplicateRate;
        link.MaxDuplicateDelay = faults?.MaxDuplicateDelay;
        link.Timeout = faults?.Timeout;
        _topology.Forget(link);
    }

    /// <summary>As <see cref="SetLinkFaults(Node, Node, LinkFaults?)"/>, with the nodes named.</summary>
    public void SetLinkFaults(string from, string to, LinkFaults? faults) => SetLinkFaults(FindNode(from), FindNode(to), faults);

    /// <summary>The rates and timeout of the link from <paramref name="from"/> to <paramref name="to"/>, or null when it has none of its own.</summary>
    public LinkFaults? GetLinkFaults(Node from, Node to)
    {
        if (_topology.Find(from, to) is not { } link) return null;
        var faults = new LinkFaults
        {
            DropRate = link.DropRate, MaxDelay = link.MaxDelay, DuplicateRate = link.DuplicateRate, MaxDuplicateDelay = link.MaxDuplicateDelay, Timeout = link.Timeout,
        };
        return faults == new LinkFaults() ? null : faults;
    }

    /// <summary>Whether messages from <paramref name="from"/> to <paramref name="to"/> are cut off now.</summary>
    public bool IsPartitioned(Node from, Node to) => _topology.Find(from, to) is { Partitioned: true };

    /// <summary>Whether messages from <paramref name="from"/> to <paramref name="to"/> are held now.</summary>
    public bool IsHeld(Node from, Node to) => _topology.Find(from, to) is { Held: true };

    /// <summary>Makes the link between <paramref name="a"/> and <paramref name="b"/> healthy again, both directions: no cut,
    /// no own rates, and what it held goes on (as <see cref="Release(Node, Node)"/>).</summary>
    public void Heal(Node a, Node b)
    {
        CheckPair(a, b, nameof(Heal));
        Heal(_topology.Find(a, b));
        Heal(_topology.Find(b, a));
    }

    /// <summary>As <see cref="Heal(Node, Node)"/>, with the nodes named.</summary>
    public void Heal(string a, string b) => Heal(FindNode(a), FindNode(b));

    /// <summary>Makes every link healthy (as <see cref="Heal(Node, Node)"/> for each). <see cref="Faults"/> is left as it is.</summary>
    public void Heal()
    {
        foreach (var link in _topology.Links.OrderBy(l => l.From.Id).ThenBy(l => l.To.Id).ToList()) Heal(link);
    }

    private void Heal(Link? link)
    {
        if (link is null) return;
        link.Partitioned = false;
        link.DropRate = null;
        link.MaxDelay = null;
        link.DuplicateRate = null;
        link.MaxDuplicateDelay = null;
        link.Timeout = null;
        Release(link);
    }

    private void Release(Link? link)
    {
        if (link is null) return;
        link.Held = false;
        var waiting = link.Waiting;
        link.Waiting = null;
        _topology.Forget(link);
        if (waiting is null) return;
        if (_debug) _log.LogDebug("link {Link} released: {Count} messages go on", link, waiting.Count);
        // One tick apart: the simulation runs everything ready before its clock moves, so they arrive in the order they left.
        for (int i = 0; i < waiting.Count; i++)
        {
            var (call, kind) = waiting[i];
            if (kind == HeldMessageKind.Reply)
            {
                if (i == 0) _sim.Post(call.Caller, DeliverCallback, call);
                else _sim.Schedule(i, call.Caller, DeliverCallback, call);
            }
            else SendRequest(call, call.Target!, i, duplicate: kind == HeldMessageKind.Copy);
        }
    }

    private static void Hold(Link link, HeldMessage message) => (link.Waiting ??= []).Add(message);

    private void CheckPair(Node a, Node b, string api)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        _sim.CheckThread("Network." + api);
        if (a.Simulation != _sim || b.Simulation != _sim)
            throw new ArgumentException($"Network.{api}: nodes '{a.Name}' and '{b.Name}' must belong to this network's simulation.");
        if (a == b) throw new ArgumentException($"Network.{api}: a link is between two nodes, and both are '{a.Name}'.");
    }

    private Node FindNode(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        Node? found = null;
        foreach (var node in _sim.Nodes)
        {
            if (node.Name != name) continue;
            if (found is not null) throw new ArgumentException($"The simulation has two nodes named '{name}'; pass the Node itself.", nameof(name));
            found = node;
        }
        return found ?? throw new ArgumentException(
            $"The simulation has no node named '{name}'; its nodes are: {string.Join(", ", _sim.Nodes.Select(n => n.Name))}.", nameof(name));
    }

    /// <summary>Calls dispatched to the server named <paramref name="serverName"/> (labrpc's GetCount).</summary>
    public int GetCount(string serverName) => _servers.TryGetValue(serverName, out var entry) ? entry.Server.Count : 0;

    /// <inheritdoc/>
    public void Dispose()
    {
        _disposed = true;
        _sim.NodeKilled -= OnNodeKilled;
    }

    internal ValueTask<CallResult<TReply>> Call<TReply>(ClientEnd end, string method, object args)
    {
        _sim.CheckThread("ClientEnd.Call");
        ArgumentNullException.ThrowIfNull(args);
        if (args.GetType() != _checkedArgsType)
        {
            MessageTypeCheck.Ensure(args.GetType(), $"Arguments of {method}");
            _checkedArgsType = args.GetType();
            _argsEncoder = Codec is MessagePackCodec ? MessagePackCodec.EncoderFor(_checkedArgsType) : Codec.Encode;
        }
        ReplyTypeCheck<TReply>.Ensure(method);
        if (_disposed) return new ValueTask<CallResult<TReply>>(CallResult<TReply>.Failed);

        byte[] bytes = _argsEncoder!(args);
        var call = new TypedCall<TReply>(this, end, method, bytes, _sim.CurrentContext, ++_nextCallId) { SentTicks = _sim.NowTicks };
        TotalCount++;
        TotalBytes += bytes.Length;
        Link(call);
        _sim.Trace(Hash.Of(call.Id, bytes));
        Notify(CallStage.Sent, call, false);
        Route(call);
        return new ValueTask<CallResult<TReply>>(call, 0);
    }

    /// <summary>labrpc's processReq, up to the handler: find the server, then delay, drop, hold or deliver the request as the
    /// topology decides.</summary>
    private void Route(PendingCall call)
    {
        ServerEntry? target = FindServer(call.End);
        var fate = _topology.Request(call.End, target, call.Caller);
        if (fate.Link?.Timeout is { } timeout) _sim.Schedule(timeout.Ticks, call.Caller, TimeoutCallback, call);
        switch (fate.Outcome)
        {
            case RequestOutcome.Unreachable:
                if (_debug) _log.LogDebug("call {Id} {Method} from {End}: no server reachable, fails in {Ms} ms", call.Id, call.Method, call.End.Name, fate.Delay / TimeSpan.TicksPerMillisecond);
                _sim.Schedule(fate.Delay, call.Caller, FailCallback, call);
                return;
            case RequestOutcome.Dropped:
                Drops++;
                if (_debug) _log.LogDebug("call {Id} {Method} from {End}: request dropped", call.Id, call.Method, call.End.Name);
                _sim.Schedule(fate.Delay, call.Caller, FailCallback, call);
                return;
        }
        call.Target = target;
        if (fate.Outcome == RequestOutcome.Held)
        {
            if (_debug) _log.LogDebug("call {Id} {Method} from {End} to {Server}: request held on link {Link}", call.Id, call.Method, call.End.Name, target!.Name, fate.Link);
            Hold(fate.Link!, new HeldMessage(call, HeldMessageKind.Request));
        }
        else
        {
            if (_debug) _log.LogDebug("call {Id} {Method} from {End} to {Server}: request sent, arrives in {Delay} ms", call.Id, call.Method, call.End.Name, target!.Name, fate.Delay / TimeSpan.TicksPerMillisecond);
            SendRequest(call, target!, fate.Delay, duplicate: false);
        }
        if (fate.CopyDelay >= 0)
        {
            Duplicates++;
            if (fate.Outcome == RequestOutcome.Held)
            {
                if (_debug) _log.LogDebug("call {Id} {Method}: request duplicated, copy held on link {Link}", call.Id, call.Method, fate.Link);
                Hold(fate.Link!, new HeldMessage(call, HeldMessageKind.Copy));
                return;
            }
            if (_debug) _log.LogDebug("call {Id} {Method}: request duplicated, copy arrives in {Delay} ms", call.Id, call.Method, fate.CopyDelay / TimeSpan.TicksPerMillisecond);
            SendRequest(call, target!, fate.CopyDelay, duplicate: true);
        }
    }

    /// <summary>The server <paramref name="end"/> is connected to now, or null: looked up once per end until the end is
    /// connected elsewhere or a server is added or removed.</summary>
    private ServerEntry? FindServer(ClientEnd end)
    {
        string? name = end.ServerName;
        if (name is null) return null;
        var last = end.LastLookup;
        if (last.Version == _serversVersion && ReferenceEquals(last.Name, name)) return last.Server;
        ServerEntry? found = _servers.GetValueOrDefault(name);
        end.LastLookup = (name, found, _serversVersion);
        return found;
    }

    private void SendRequest(PendingCall call, ServerEntry target, long delay, bool duplicate)
    {
        if (delay == 0) _sim.Post(target.Host, DispatchCallback, call, duplicate ? 1 : 0);
        else _sim.Schedule(delay, target.Host, DispatchCallback, call, duplicate ? 1 : 0);
    }

    /// <summary>Runs the handler on the server's node. As in labrpc, it runs even if the caller has given up.</summary>
    private void Dispatch(PendingCall call, bool duplicate)
    {
        var target = call.Target!;
        Notify(CallStage.Arrived, call, duplicate);
        if (!target.Host.Alive) return;
        target.Server.Count++;
        if (!duplicate && call.State == CallState.Requested) call.State = CallState.Handling;
        if (_debug) _log.LogDebug("call {Id} {Method}: handler starts on {Server}{Copy}", call.Id, call.Method, target.Name, duplicate ? " (duplicate)" : "");
        var handler = target.Server.Find(call.Method);
        if (handler is null)
        {
            _sim.Fail(new RpcMethodNotFoundException(target.Server.DescribeMissing(call.Method, target.Name)));
            return;
        }
        ValueTask<byte[]> reply;
        try
        {
            reply = handler.Invoke(Codec, call.Args);
        }
        catch (Exception error)
        {
            HandlerFailed(call, error);
            return;
        }
        if (reply.IsCompletedSuccessfully) HandlerDone(call, duplicate, reply.Result);
        else AwaitHandler(call, duplicate, reply);
    }

    private async void AwaitHandler(PendingCall call, bool duplicate, ValueTask<byte[]> pending)
    {
        byte[] reply;
        try
        {
            reply = await pending;
        }
        catch (Exception error)
        {
            HandlerFailed(call, error);
            return;
        }
        HandlerDone(call, duplicate, reply);
    }

    private void HandlerFailed(PendingCall call, Exception error)
    {
        var target = call.Target!;
        // A handler whose server crashed under it (at a persister call) ran on after the crash: its call has failed with the
        // node, and what it did since, throwing included, is lost.
        if (!target.Host.Alive) return;
        _sim.Fail(error is RpcException ? error : new RpcHandlerException(
            $"Handler {call.Method} on server '{target.Name}' (node '{target.Host}') threw {error.GetType().Name} at virtual time " +
            $"{_sim.Elapsed}: {error.Message} A handler must not throw; answer with an error code in the reply instead.", error));
    }

    /// <summary>labrpc's processReq, after the handler: decide the reply's fate when it leaves the server.</summary>
    private void HandlerDone(PendingCall call, bool duplicate, byte[] reply)
    {
        _sim.Trace(Hash.Of(call.Id, reply));
        Notify(CallStage.Executed, call, duplicate);
        if (duplicate || call.State is not CallState.Handling) return;
        var target = call.Target!;
        call.State = CallState.Replying;
        var fate = _topology.Reply(call, target, !target.Removed);
        switch (fate.Outcome)
        {
            case ReplyOutcome.Lost:
                if (_debug) _log.LogDebug("call {Id} {Method}: server gone, end disabled or way back cut, reply not delivered", call.Id, call.Method);
                _sim.Post(call.Caller, FailCallback, call);
                return;
            case ReplyOutcome.Dropped:
                Drops++;
                if (_debug) _log.LogDebug("call {Id} {Method}: reply dropped", call.Id, call.Method);
                _sim.Post(call.Caller, FailCallback, call);
                return;
        }
        call.ReplyBytes = reply;
        if (fate.Outcome == ReplyOutcome.Held)
        {
            if (_debug) _log.LogDebug("call {Id} {Method}: reply held on link {Link}", call.Id, call.Method, fate.Link);
            Hold(fate.Link!, new HeldMessage(call, HeldMessageKind.Reply));
        }
        else
        {
            if (_debug && fate.Delay > 0) _log.LogDebug("call {Id} {Method}: reply {How} {Ms} ms", call.Id, call.Method, fate.HeldBack ? "held back" : "delayed", fate.Delay / TimeSpan.TicksPerMillisecond);
            if (fate.Delay == 0) _sim.Post(call.Caller, DeliverCallback, call);
            else _sim.Schedule(fate.Delay, call.Caller, DeliverCallback, call);
        }
        Notify(CallStage.ReplySent, call, false);
    }

    private void Deliver(PendingCall call)
    {
        if (call.State == CallState.Done) return;
        TotalBytes += call.ReplyBytes!.Length;
        Finish(call, ok: true);
    }

    /// <summary>A call across a link with a timeout that has no outcome yet fails at its caller; its request, if still on
    /// its way, arrives all the same (a handler runs even if its caller has given up), and its reply is thrown away.</summary>
    private void TimeOut(PendingCall call)
    {
        if (call.State == CallState.Done) return;
        if (_debug) _log.LogDebug("call {Id} {Method} from {End}: timed out", call.Id, call.Method, call.End.Name);
        Finish(call, ok: false);
    }

    private void Finish(PendingCall call, bool ok)
    {
        if (call.State == CallState.Done) return;
        call.State = CallState.Done;
        Unlink(call);
        if (_debug) _log.LogDebug("call {Id} {Method} from {End}: {Outcome}", call.Id, call.Method, call.End.Name, ok ? "reply delivered" : "failed");
        _sim.Trace(ok ? (ulong)call.Id : ~(ulong)call.Id);
        Notify(ok ? CallStage.Delivered : CallStage.Failed, call, false);
        if (ok) call.Succeed(call.ReplyBytes!);
        else call.Fail();
    }

    private void Notify(CallStage stage, PendingCall call, bool duplicate) =>
        OnCallEvent?.Invoke(new CallEvent(stage, call.Id, call.Method, call.End.Name, call.Target?.Name, duplicate));

    /// <summary>Fails, now, the calls in flight that <paramref name="affected"/> selects and that have no outcome yet.</summary>
    private void FailInFlight(Func<PendingCall, bool> affected, string why)
    {
        for (var call = _inFlight; call is not null; call = call.Next)
        {
            if (call.State is CallState.Requested or CallState.Handling && affected(call))
            {
                if (_debug) _log.LogDebug("call {Id} {Method}: fails, {Why}", call.Id, call.Method, why);
                call.State = CallState.Replying;
                _sim.Post(call.Caller, FailCallback, call);
            }
        }
    }

    private void OnNodeKilled(NodeContext node)
    {
        for (var call = _inFlight; call is not null;)
        {
            var next = call.Next;
            if (call.Caller == node)
            {
                call.State = CallState.Done;
                Unlink(call);
            }
            call = next;
        }
        FailInFlight(c => c.Target?.Host == node, $"node '{node}' killed");
    }

    private ClientEnd GetEnd(string name) =>
        _ends.TryGetValue(name, out var end) ? end : throw new ArgumentException($"The network has no end named '{name}'; create it with MakeEnd.", nameof(name));

    private void Link(PendingCall call)
    {
        call.Next = _inFlight;
        if (_inFlight is not null) _inFlight.Previous = call;
        _inFlight = call;
    }

    private void Unlink(PendingCall call)
    {
        if (call.Previous is not null) call.Previous.Next = call.Next;
        else if (_inFlight == call) _inFlight = call.Next;
        if (call.Next is not null) call.Next.Previous = call.Previous;
        call.Previous = call.Next = null;
    }

    /// <summary>The calls in flight, a line each (at most 20, then a line saying there are more): where each one is, and
    /// for a call whose handler is still running, that it has not returned.</summary>
    public IReadOnlyList<string> DescribeCallsInFlight() => [.. DescribeInFlight()];

    private IEnumerable<string> DescribeInFlight()
    {
        int shown = 0;
        for (var call = _inFlight; call is not null; call = call.Next)
        {
            if (++shown > 20)
            {
                yield return "... and more calls in flight";
                yield break;
            }
            string where = call.State switch
            {
                CallState.Handling => $"handler running on server '{call.Target!.Name}' (node '{call.Target.Host}') has not returned",
                CallState.Requested => $"on its way to server '{call.Target?.Name ?? "(none)"}'",
                _ => "its outcome is on the way back",
            };
            yield return $"call {call.Method} from end '{call.End.Name}' sent at {new TimeSpan(call.SentTicks)}: {where}";
        }
    }

    private static class ReplyTypeCheck<TReply>
    {
        private static bool _checked;

        public static void Ensure(string method)
        {
            if (_checked) return;
            MessageTypeCheck.Ensure(typeof(TReply), $"Reply of {method}");
            _checked = true;
        }
    }
}
