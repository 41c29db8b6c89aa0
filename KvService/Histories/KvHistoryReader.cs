using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Histories;

/// <summary>
/// Reads a KV history: one EDN map per event, as in Porcupine's kv histories
/// (<c>data/histories/kv/</c>) and as <see cref="KvHistoryWriter"/> writes them.
/// </summary>
/// <remarks>
/// <para>Each line is <c>{:process N, :type T, :f F, :key "k", :value V}</c> with T one of
/// <c>:invoke</c>, <c>:ok</c>, <c>:info</c>, <c>:fail</c> and F one of <c>:get</c>, <c>:put</c>,
/// <c>:append</c>. Blank lines and lines starting with <c>;</c> are ignored.</para>
/// <para><c>:ok</c> completes the process's pending invocation: a get's <c>:value</c> is the value
/// read; a put's and an append's <c>:value</c> echo their argument and are not used; an append may
/// carry <c>:old "..."</c>, the value before it, which the model then checks. <c>:info</c>, or an
/// invocation that never completes, is an operation whose outcome is unknown. <c>:fail</c> means
/// the operation did not take effect: it is left out.</para>
/// <para>Times are line numbers, unless every event has <c>:time N</c>; then those are the times
/// (events at one instant overlap).</para>
/// </remarks>
public static class KvHistoryReader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="HistoryFormatException">A line that could not be read.</exception>
    public static IReadOnlyList<Operation<KvInput, KvOutput>> ReadFile(string path) => Read(File.ReadLines(path));

    /// <summary>Reads the lines of a KV history.</summary>
    /// <exception cref="HistoryFormatException">A line that could not be read.</exception>
    public static IReadOnlyList<Operation<KvInput, KvOutput>> Read(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var operations = new List<Operation<KvInput, KvOutput>?>();
        var pending = new Dictionary<long, (int Index, int Line)>();
        bool? timed = null;
        var number = 0;
        foreach (var raw in lines)
        {
            number++;
            var line = raw.Trim();
            if (line.Length == 0 || line.StartsWith(';'))
            {
                continue;
            }
            var map = EdnLine.Parse(line, number);
            var process = Get<long>(map, "process", number);
            var type = Get<EdnLine.Keyword>(map, "type", number).Name;
            var op = Get<EdnLine.Keyword>(map, "f", number).Name switch
            {
                "get" => KvOp.Get,
                "put" => KvOp.Put,
                "append" => KvOp.Append,
                var f => throw new HistoryFormatException(number, $"unknown :f :{f} (expected :get, :put or :append)"),
            };
            var key = Get<string>(map, "key", number);
            var hasTime = map.ContainsKey("time");
            if (timed is { } t && t != hasTime)
            {
                throw new HistoryFormatException(number, ":time must be on every event or on none");
            }
            timed = hasTime;
            var time = hasTime ? Get<long>(map, "time", number) : number;

            if (type == "invoke")
            {
                var value = op == KvOp.Get ? "" : Get<string>(map, "value", number);
                pending.Remove(process); // a process that invokes again gave up on its last operation: outcome unknown
                pending[process] = (operations.Count, number);
                operations.Add(new Operation<KvInput, KvOutput>(checked((int)process), new KvInput(op, key, value), time));
                continue;
            }
            if (!pending.Remove(process, out var call))
            {
                throw new HistoryFormatException(number, $"process {process} completes an operation it never invoked");
            }
            var invoked = operations[call.Index]!;
            if (invoked.Input.Op != op || !string.Equals(invoked.Input.Key, key, StringComparison.Ordinal))
            {
                throw new HistoryFormatException(number, $"process {process} completes a different operation than it invoked on line {call.Line}");
            }
            if (time < invoked.Call)
            {
                throw new HistoryFormatException(number, $"the operation returns at {time}, before its call at {invoked.Call}");
            }
            operations[call.Index] = type switch
            {
                "ok" => invoked with { Output = Output(op, map, number), Return = time },
                "info" => invoked,
                "fail" => null,
                _ => throw new HistoryFormatException(number, $"unknown :type :{type} (expected :invoke, :ok, :info or :fail)"),
            };
        }
        return [.. operations.OfType<Operation<KvInput, KvOutput>>()];
    }

    private static KvOutput Output(KvOp op, Dictionary<string, object?> map, int number) => op switch
    {
        KvOp.Get => new KvOutput(map.TryGetValue("value", out var v) && v is null ? "" : Get<string>(map, "value", number)),
        KvOp.Append when map.ContainsKey("old") => new KvOutput(Get<string>(map, "old", number)),
        _ => KvOutput.None,
    };

    private static T Get<T>(Dictionary<string, object?> map, string key, int number)
    {
        if (!map.TryGetValue(key, out var value))
        {
            throw new HistoryFormatException(number, $"the event has no :{key}");
        }
        return value is T t
            ? t
            : throw new HistoryFormatException(number, $":{key} should be {Kind(typeof(T))}, not {Show(value)}");
    }

    private static string Kind(Type type) =>
        type == typeof(long) ? "a number" : type == typeof(string) ? "a string" : "a keyword";

    private static string Show(object? value) => value switch
    {
        null => "nil",
        EdnLine.Keyword k => ":" + k.Name,
        string s => EdnLine.Quote(s),
        _ => value.ToString() ?? "",
    };
}
