using System.Globalization;
using System.Text.RegularExpressions;
using LabRpc.Linearizability;

namespace KvService.Histories;

/// <summary>
/// Reads a Jepsen log of a compare-and-set register (the etcd histories of
/// <c>data/histories/jepsen/</c>) into operations whose times are line numbers.
/// </summary>
/// <remarks>
/// Lines <c>INFO jepsen.util - &lt;process&gt; :&lt;type&gt; :&lt;f&gt; &lt;value&gt;</c> are events; all other lines
/// are ignored. <c>:info</c>, or an invocation with no completion, is an operation whose outcome
/// is unknown. A read that fails (<c>:timed-out</c>) returns where it failed, having seen
/// nothing. A failed CAS is a definite answer: the register did not hold the expected value. A
/// failed write did not happen and is left out.
/// </remarks>
public static partial class JepsenLogReader
{
    /// <summary>Reads the file at <paramref name="path"/>.</summary>
    /// <exception cref="HistoryFormatException">A line that could not be read.</exception>
    public static IReadOnlyList<Operation<RegisterInput, RegisterOutput>> ReadFile(string path) =>
        Read(File.ReadLines(path));

    /// <summary>Reads the lines of a Jepsen log.</summary>
    /// <exception cref="HistoryFormatException">A line that could not be read.</exception>
    public static IReadOnlyList<Operation<RegisterInput, RegisterOutput>> Read(IEnumerable<string> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        var operations = new List<Operation<RegisterInput, RegisterOutput>?>();
        var pending = new Dictionary<int, (int Index, int Line)>();
        var number = 0;
        foreach (var line in lines)
        {
            number++;
            var match = EventLine().Match(line);
            if (!match.Success)
            {
                continue;
            }
            var process = int.Parse(match.Groups["process"].Value, CultureInfo.InvariantCulture);
            var type = match.Groups["type"].Value;
            var f = match.Groups["f"].Value;
            var value = match.Groups["value"].Value.Trim();
            if (type == "invoke")
            {
                var input = ParseInput(f, value, number);
                pending.Remove(process); // a process that invokes again has given up on its last operation: outcome unknown
                pending[process] = (operations.Count, number);
                operations.Add(new Operation<RegisterInput, RegisterOutput>(process, input, number));
                continue;
            }
            if (!pending.Remove(process, out var call))
            {
                throw new HistoryFormatException(number, $"process {process} completes an operation it never invoked");
            }
            var invoked = operations[call.Index]!;
            if (!string.Equals(f, Name(invoked.Input.Op), StringComparison.Ordinal))
            {
                throw new HistoryFormatException(number, $"process {process} completes :{f} but invoked :{Name(invoked.Input.Op)} (line {call.Line})");
            }
            operations[call.Index] = (type, invoked.Input.Op) switch
            {
                ("info", _) => invoked,
                ("ok", RegisterOp.Read) => Complete(invoked, RegisterOutput.Read(ParseReadValue(value, number)), number),
                ("ok", RegisterOp.Write) => Complete(invoked, RegisterOutput.Written, number),
                ("ok", RegisterOp.Cas) => Complete(invoked, RegisterOutput.Cas(true), number),
                ("fail", RegisterOp.Read) => Complete(invoked, RegisterOutput.ReadTimedOut, number),
                ("fail", RegisterOp.Cas) => Complete(invoked, RegisterOutput.Cas(false), number),
                ("fail", RegisterOp.Write) => null,
                _ => throw new HistoryFormatException(number, $"unknown event type :{type} (expected :invoke, :ok, :fail or :info)"),
            };
        }
        return [.. operations.OfType<Operation<RegisterInput, RegisterOutput>>()];
    }

    private static Operation<RegisterInput, RegisterOutput> Complete(
        Operation<RegisterInput, RegisterOutput> call, RegisterOutput output, int line) =>
        new(call.ClientId, call.Input, call.Call, output, line);

    private static RegisterInput ParseInput(string f, string value, int line) => f switch
    {
        "read" => RegisterInput.Read,
        "write" => RegisterInput.Write(ParseInt(value, line)),
        "cas" when CasValue().Match(value) is { Success: true } m =>
            RegisterInput.Cas(ParseInt(m.Groups[1].Value, line), ParseInt(m.Groups[2].Value, line)),
        "cas" => throw new HistoryFormatException(line, $"a CAS needs [from to], not '{value}'"),
        _ => throw new HistoryFormatException(line, $"unknown operation :{f} (expected :read, :write or :cas)"),
    };

    private static int? ParseReadValue(string value, int line) => value == "nil" ? null : ParseInt(value, line);

    private static int ParseInt(string text, int line) =>
        int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
            ? n
            : throw new HistoryFormatException(line, $"expected a number, not '{text}'");

    private static string Name(RegisterOp op) => op switch
    {
        RegisterOp.Read => "read",
        RegisterOp.Write => "write",
        _ => "cas",
    };

    [GeneratedRegex(@"^\s*INFO\s+jepsen\.util\s+-\s+(?<process>\d+)\s+:(?<type>[\w-]+)\s+:(?<f>[\w-]+)(?<value>.*)$")]
    private static partial Regex EventLine();

    [GeneratedRegex(@"^\[\s*(-?\d+)\s+(-?\d+)\s*\]$")]
    private static partial Regex CasValue();
}
