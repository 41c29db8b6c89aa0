using LabRpc.Diagram;

namespace LabRpc.Raft.Tester;

/// <summary>
/// The last <see cref="Capacity"/> things that happened in a run (every stage of every call between peers, crashes,
/// restarts, connections, the tester's Start calls, the failure), kept as the run goes at a few nanoseconds each, so that
/// a failure can show the message diagram up to the step where it happened.
/// </summary>
internal sealed class RunTrace
{
    public const int Capacity = 4000;

    private readonly Entry[] _entries = new Entry[Capacity];
    private readonly int _peers;
    private long _count;

    public RunTrace(int peers) => _peers = peers;

    public void Call(long ticks, CallEvent call, string from, string to) => Add(new Entry(ticks, call, from, to, default, "", ""));

    public void Note(long ticks, string lane, DiagramEventKind kind, string text) => Add(new Entry(ticks, null, "", "", kind, lane, text));

    /// <summary>The diagram of what the trace holds: the tester's lane, then one lane per peer.</summary>
    public MessageDiagram ToDiagram()
    {
        var diagram = new MessageDiagram();
        diagram.Lane("tester");
        for (int i = 0; i < _peers; i++) diagram.Lane(RaftTester.PeerName(i));
        long first = Math.Max(0, _count - Capacity);
        if (first > 0) diagram.Add(_entries[first % Capacity].Ticks, "tester", DiagramEventKind.Note, $"(the {first} events before these are not shown)");
        for (long n = first; n < _count; n++)
        {
            var e = _entries[n % Capacity];
            if (e.Event is { } call) diagram.Observe(call with { End = e.From }, e.Ticks, e.To);
            else diagram.Add(e.Ticks, e.Lane, e.Kind, e.Text);
        }
        return diagram;
    }

    private void Add(Entry entry)
    {
        _entries[_count % Capacity] = entry;
        _count++;
    }

    private readonly record struct Entry(long Ticks, CallEvent? Event, string From, string To, DiagramEventKind Kind, string Lane, string Text);
}
