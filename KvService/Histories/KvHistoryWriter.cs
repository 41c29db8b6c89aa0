using System.Globalization;
using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Histories;

/// <summary>
/// Writes a KV history in the format <see cref="KvHistoryReader"/> reads: a comment line, then
/// one event per line in time order, each with its <c>:time</c>. An append's recorded old value
/// goes in <c>:old</c>; an operation whose outcome is unknown gets an <c>:info</c> line just before
/// its client's next call, or at the end. Each client's operations must not overlap (a client
/// waits for one answer before its next call), as the reader pairs events by client.
/// </summary>
public static class KvHistoryWriter
{
    private const int Call = 0;
    private const int Ok = 1;
    private const int Info = 2;

    /// <summary>Writes <paramref name="history"/> to the file at <paramref name="path"/>.</summary>
    public static void WriteFile(string path, IEnumerable<Operation<KvInput, KvOutput>> history)
    {
        using var writer = new StreamWriter(path);
        Write(writer, history);
    }

    /// <summary>Writes <paramref name="history"/> to <paramref name="writer"/>.</summary>
    public static void Write(TextWriter writer, IEnumerable<Operation<KvInput, KvOutput>> history)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(history);
        var operations = history.ToList();
        var end = operations.Count == 0 ? 0 : operations.Max(op => op.Return ?? op.Call);
        // At one instant: returns of operations called earlier (and :info lines), then operations
        // that start and end there (call, return), then calls; so a client's answer always comes
        // before its next call. An operation with no answer gets its :info line just before its
        // client's next call, or at the end.
        var events = new List<(long Time, int Group, int Index, int Kind)>();
        for (var i = 0; i < operations.Count; i++)
        {
            var op = operations[i];
            if (op.Return is not { } r)
            {
                var next = operations
                    .Where((o, j) => j != i && o.ClientId == op.ClientId && (o.Call > op.Call || (o.Call == op.Call && j > i)))
                    .Select(o => (long?)o.Call)
                    .Min();
                events.Add((op.Call, 2, i, Call));
                events.Add(next is { } t ? (t, 0, i, Info) : (end, 3, i, Info));
            }
            else if (r == op.Call)
            {
                events.Add((r, 1, i, Call));
                events.Add((r, 1, i, Ok));
            }
            else
            {
                events.Add((op.Call, 2, i, Call));
                events.Add((r, 0, i, Ok));
            }
        }
        events.Sort();

        writer.WriteLine("; LabRpc KV history: one event per line, in time order. :info = outcome unknown, :old = an append's previous value.");
        foreach (var (time, _, index, kind) in events)
        {
            var op = operations[index];
            var input = op.Input;
            var type = kind switch { Call => "invoke", Ok => "ok", _ => "info" };
            var value = input.Op == KvOp.Get
                ? kind == Ok ? EdnLine.Quote(op.Output?.Value ?? "") : "nil"
                : EdnLine.Quote(input.Value);
            var old = kind == Ok && input.Op == KvOp.Append && op.Output?.Value is { } o ? ", :old " + EdnLine.Quote(o) : "";
            writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{:process {op.ClientId}, :type :{type}, :f :{Name(input.Op)}, :key {EdnLine.Quote(input.Key)}, :value {value}{old}, :time {time}}}"));
        }
    }

    private static string Name(KvOp op) => op switch
    {
        KvOp.Get => "get",
        KvOp.Put => "put",
        _ => "append",
    };
}
