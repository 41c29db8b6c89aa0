using LabRpc.Linearizability;

namespace LabRpc.Tests.Linearizability;

/// <summary>A plain read/write register for hand-made histories: input null reads, a number writes it.</summary>
internal static class Register
{
    public static Model<int, int?, int> Model { get; } = new()
    {
        InitialState = 0,
        Step = (state, input, output) => input is { } write ? (true, write) : (output == state, state),
        StepUnknown = (state, input) => (true, input ?? state),
        DescribeOperation = op => op.Input is { } w ? $"write({w})" : $"read() → {(op.IsOutcomeKnown ? op.Output : "?")}",
    };

    public static Operation<int?, int> Write(int value, long call, long ret, int client = 0) =>
        Operations.Completed<int?, int>(client, value, call, 0, ret);

    public static Operation<int?, int> Read(int value, long call, long ret, int client = 1) =>
        Operations.Completed<int?, int>(client, null, call, value, ret);

    public static Operation<int?, int> UnknownWrite(int value, long call, int client = 2) =>
        Operations.Unknown<int?, int>(client, value, call);

    public static CheckOutcome Check(params Operation<int?, int>[] history) =>
        LinearizabilityChecker.Check(Model, history).Outcome;
}
