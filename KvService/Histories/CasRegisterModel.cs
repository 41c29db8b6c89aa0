using LabRpc.Linearizability;

namespace KvService.Histories;

/// <summary>
/// Jepsen's compare-and-set register, the object of the etcd histories: it starts as nil; a
/// write sets it; a CAS sets it if it holds the expected value and fails otherwise.
/// </summary>
public static class CasRegisterModel
{
    /// <summary>The model; the state is the register's value, <c>null</c> for nil.</summary>
    public static Model<int?, RegisterInput, RegisterOutput> Model { get; } = new()
    {
        InitialState = null,
        Step = (value, input, output) => input.Op switch
        {
            RegisterOp.Read => (output.TimedOut || output.Value == value, value),
            RegisterOp.Write => (true, input.Value),
            _ => ((value == input.Value) == output.Succeeded, value == input.Value ? input.NewValue : value),
        },
        StepUnknown = (value, input) => input.Op switch
        {
            RegisterOp.Read => (true, value),
            RegisterOp.Write => (true, input.Value),
            _ => (true, value == input.Value ? input.NewValue : value),
        },
        // A read, and a CAS that failed, change nothing wherever they are accepted.
        IsReadOnly = operation => operation.Input.Op == RegisterOp.Read
            || (operation.Input.Op == RegisterOp.Cas && operation.Output is { Succeeded: false }),
        DescribeOperation = Describe,
        DescribeState = value => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nil",
    };

    /// <summary>An operation as <c>read() → 3</c>, <c>write(4)</c>, <c>cas(1, 2) → ok|fail</c>; <c>→ ?</c> if unknown.</summary>
    public static string Describe(Operation<RegisterInput, RegisterOutput> operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var input = operation.Input;
        var output = operation.Output;
        var call = input.Op switch
        {
            RegisterOp.Read => "read()",
            RegisterOp.Write => $"write({input.Value})",
            _ => $"cas({input.Value}, {input.NewValue})",
        };
        if (!operation.IsOutcomeKnown || output is null)
        {
            return call + " → ?";
        }
        return input.Op switch
        {
            RegisterOp.Read when output.TimedOut => call + " → timed out",
            RegisterOp.Read => call + " → " + (output.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "nil"),
            RegisterOp.Write => call,
            _ => call + (output.Succeeded ? " → ok" : " → fail"),
        };
    }
}
