using KvService.Model;
using LabRpc;
using LabRpc.Linearizability;

namespace KvService.Scenarios;

/// <summary>The words of a verdict: operations, times, checker results and exceptions as a person reads them.</summary>
internal static class Explanations
{
    /// <summary>History times are virtual nanoseconds; the simulation's ticks are 100 ns.</summary>
    public const long NanosecondsPerTick = 100;

    /// <summary>A history time as "1.234s".</summary>
    public static string Time(long nanoseconds) => Durations.Format(TimeSpan.FromTicks(nanoseconds / NanosecondsPerTick));

    /// <summary>"client 2's", or "the final read" for the reader.</summary>
    public static string Who(int client, int reader) => client == reader ? "the final read" : $"client {client}'s";

    /// <summary>"client 2's append("k0", "[2.7]") → "" [1.2s–1.3s]".</summary>
    public static string Operation(Operation<KvInput, KvOutput> op, int reader) =>
        $"{Who(op.ClientId, reader)} {KvModel.Describe(op)} [{Time(op.Call)}–{(op.Return is { } r ? Time(r) : "?")}]";

    /// <summary>An operation as called: "append("k0", "[2.7]")".</summary>
    public static string Call(KvInput input) => input.Op switch
    {
        KvOp.Get => $"get({KvModel.Quote(input.Key)})",
        KvOp.Put => $"put({KvModel.Quote(input.Key)}, {KvModel.Quote(input.Value)})",
        _ => $"append({KvModel.Quote(input.Key)}, {KvModel.Quote(input.Value)})",
    };

    /// <summary>What the checker found, per key that does not linearize (at most three).</summary>
    public static string Illegal(CheckResult<KvInput, KvOutput> check, int reader, bool linearizationsComputed)
    {
        var parts = check.Partitions.Where(p => p.Outcome == CheckOutcome.Illegal).ToList();
        var text = new List<string>();
        foreach (var part in parts.Take(3))
        {
            var key = part.Operations[0].Input.Key;
            if (!linearizationsComputed)
            {
                text.Add($"the {part.Operations.Count} operations on {key} do not linearize");
            }
            else if (part.Linearizations.Count == 0)
            {
                // Not even a first operation fits: name those that could have been first.
                long firstReturn = part.Operations.Min(op => op.Return ?? long.MaxValue);
                var first = string.Join("; ", part.Operations.Where(op => op.Call < firstReturn).Take(4).Select(op => Operation(op, reader)));
                text.Add($"on {key}, none of the {part.Operations.Count} operations fits as the first; the candidates: {first}");
            }
            else
            {
                var next = string.Join("; ", part.RejectedNext.Take(4).Select(i => Operation(part.Operations[i], reader)));
                text.Add($"on {key}, at most {part.Linearizations[0].Count} of {part.Operations.Count} operations linearize; then none of these can come next: {next}");
            }
        }
        if (parts.Count > 3) text.Add($"and {parts.Count - 3} more keys");
        return string.Join("\n", text);
    }

    /// <summary>Why a run failed: the exception, and where the implementation's code threw.</summary>
    public static string Failure(Exception error) => error switch
    {
        RpcHandlerException { InnerException: { } inner } => $"{error.GetType().Name}: {error.Message}\n{Frames(inner)}",
        SimulationException or RpcException => $"{error.GetType().Name}: {error.Message}",
        _ => $"{error.GetType().Name}: {error.Message}\n{Frames(error)}",
    };

    /// <summary>The first lines of a stack trace.</summary>
    public static string Frames(Exception error) =>
        string.Join("\n", (error.StackTrace ?? "").Split('\n').Take(6).Select(line => line.TrimEnd()));
}
