namespace LabRpc.Diagram;

/// <summary>
/// A run recorded as a sequence diagram: nodes as lanes, each call's request and reply with its fate, crashes and restarts,
/// and the operations a harness reports. Feed it every <see cref="CallEvent"/> (<see cref="Observe"/>) and the rest by hand;
/// <see cref="DiagramPage"/> draws it as a page to step through.
/// </summary>
public sealed class MessageDiagram
{
    private readonly List<string> _lanes = [];
    private readonly Dictionary<string, int> _laneIndex = new(StringComparer.Ordinal);
    private readonly List<DiagramEvent> _events = [];

    /// <summary>The lanes, in the order they first appeared (or were added).</summary>
    public IReadOnlyList<string> Lanes => _lanes;

    /// <summary>The events, in the order they happened.</summary>
    public IReadOnlyList<DiagramEvent> Events => _events;

    /// <summary>The lane named <paramref name="name"/>, added if new.</summary>
    public int Lane(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (_laneIndex.TryGetValue(name, out int lane)) return lane;
        _lanes.Add(name);
        _laneIndex[name] = _lanes.Count - 1;
        return _lanes.Count - 1;
    }

    /// <summary>Records a stage of a call at <paramref name="ticks"/> (virtual time). <paramref name="toward"/> names the lane
    /// a request is sent to, where there are several servers: a request that never arrives is drawn toward it (without it,
    /// toward the lane its end's other requests reached).</summary>
    public void Observe(CallEvent call, long ticks, string? toward = null)
    {
        string server = call.Server ?? "(no server)";
        var (lane, kind, text) = call.Stage switch
        {
            CallStage.Sent => (Lane(call.End), DiagramEventKind.Sent, $"sends call {call.CallId} {call.Method}"),
            CallStage.Arrived => (Lane(server), DiagramEventKind.Arrived, $"call {call.CallId} {call.Method} arrives{(call.Duplicate ? " (a duplicate's copy)" : "")}"),
            CallStage.Executed => (Lane(server), DiagramEventKind.Executed, $"executes call {call.CallId}{(call.Duplicate ? " (the copy)" : "")}"),
            CallStage.ReplySent => (Lane(server), DiagramEventKind.ReplySent, $"reply to call {call.CallId} leaves"),
            CallStage.Delivered => (Lane(call.End), DiagramEventKind.Delivered, $"reply to call {call.CallId} arrives"),
            _ => (Lane(call.End), DiagramEventKind.Failed, $"call {call.CallId} fails (no reply)"),
        };
        int to = kind == DiagramEventKind.Sent && toward is not null ? Lane(toward) : -1;
        _events.Add(new DiagramEvent(ticks, lane, kind, text, call.CallId, call.Duplicate, ToLane: to));
    }

    /// <summary>Records an event of <paramref name="kind"/> on <paramref name="lane"/>; returns its index.</summary>
    public int Add(long ticks, string lane, DiagramEventKind kind, string text, int operation = -1)
    {
        _events.Add(new DiagramEvent(ticks, Lane(lane), kind, text ?? "", Operation: operation));
        return _events.Count - 1;
    }

    /// <summary>Sets the operation token of event <paramref name="index"/> (known only after the call was made).</summary>
    public void SetOperation(int index, int operation) => _events[index] = _events[index] with { Operation = operation };

    /// <summary>
    /// Marks what the verdict blames: the call and return of each operation in <paramref name="operations"/> (tokens), and
    /// every network event of the calls its client sent between them.
    /// </summary>
    public void Blame(IEnumerable<int> operations)
    {
        ArgumentNullException.ThrowIfNull(operations);
        var blamed = operations.ToHashSet();
        var calls = new HashSet<long>();
        for (int i = 0; i < _events.Count; i++)
        {
            var e = _events[i];
            if (e.Kind != DiagramEventKind.Call || !blamed.Contains(e.Operation)) continue;
            for (int j = i; j < _events.Count; j++)
            {
                var f = _events[j];
                if (f.Lane != e.Lane) continue;
                if (f.Kind == DiagramEventKind.Sent) calls.Add(f.CallId);
                if (j > i && f.Kind is DiagramEventKind.Return or DiagramEventKind.Call) break;
            }
        }
        for (int i = 0; i < _events.Count; i++)
        {
            var e = _events[i];
            bool hit = e.Kind is DiagramEventKind.Call or DiagramEventKind.Return ? blamed.Contains(e.Operation)
                : e.CallId != 0 && calls.Contains(e.CallId);
            if (hit) _events[i] = e with { Blamed = true };
        }
    }

    /// <summary>The arrows: each request to where it arrived (its copy too), each reply to where it was delivered, and
    /// lost ones to nowhere.</summary>
    public IReadOnlyList<DiagramMessage> Messages()
    {
        var messages = new List<DiagramMessage>();
        var first = new Dictionary<(long, DiagramEventKind, bool), int>();
        for (int i = 0; i < _events.Count; i++)
        {
            var e = _events[i];
            if (e.CallId != 0) first.TryAdd((e.CallId, e.Kind, e.Duplicate), i);
        }
        int Find(long call, DiagramEventKind kind, bool duplicate = false) => first.TryGetValue((call, kind, duplicate), out int i) ? i : -1;
        // Where a lost request was going: the lane its end's other requests reached, else the lane most requests reached.
        var serverOf = new Dictionary<int, int>();
        var arrivals = new Dictionary<int, int>();
        foreach (var e in _events)
        {
            if (e.Kind != DiagramEventKind.Arrived) continue;
            arrivals[e.Lane] = arrivals.GetValueOrDefault(e.Lane) + 1;
            int sent = Find(e.CallId, DiagramEventKind.Sent);
            if (sent >= 0) serverOf.TryAdd(_events[sent].Lane, e.Lane);
        }
        int busiest = arrivals.Count == 0 ? -1 : arrivals.MaxBy(kv => kv.Value).Key;
        int Toward(int lane) => serverOf.TryGetValue(lane, out int s) ? s : busiest >= 0 && busiest != lane ? busiest : lane == 0 ? Math.Min(1, _lanes.Count - 1) : 0;
        for (int i = 0; i < _events.Count; i++)
        {
            var e = _events[i];
            if (e.Kind == DiagramEventKind.Sent)
            {
                int arrived = Find(e.CallId, DiagramEventKind.Arrived);
                messages.Add(new DiagramMessage(i, arrived, arrived >= 0 ? _events[arrived].Lane : e.ToLane >= 0 ? e.ToLane : Toward(e.Lane), "request",
                    arrived < 0 ? "dropped" : _events[arrived].Ticks > e.Ticks ? "delayed" : "delivered"));
                int copy = Find(e.CallId, DiagramEventKind.Arrived, duplicate: true);
                if (copy >= 0) messages.Add(new DiagramMessage(i, copy, _events[copy].Lane, "request", _events[copy].Ticks > e.Ticks ? "duplicate, late" : "duplicate"));
            }
            else if (e.Kind == DiagramEventKind.ReplySent)
            {
                int delivered = Find(e.CallId, DiagramEventKind.Delivered);
                int caller = Find(e.CallId, DiagramEventKind.Sent);
                messages.Add(new DiagramMessage(i, delivered, delivered >= 0 ? _events[delivered].Lane : caller >= 0 ? _events[caller].Lane : Toward(e.Lane), "reply",
                    delivered < 0 ? "lost" : _events[delivered].Ticks > e.Ticks ? "held" : "delivered"));
            }
            else if (e.Kind == DiagramEventKind.Executed && !e.Duplicate && Find(e.CallId, DiagramEventKind.ReplySent) < 0)
            {
                int caller = Find(e.CallId, DiagramEventKind.Sent);
                messages.Add(new DiagramMessage(i, -1, caller >= 0 ? _events[caller].Lane : Toward(e.Lane), "reply", "dropped"));
            }
        }
        return messages;
    }
}
