using KvService.Model;
using LabRpc.Linearizability;

namespace KvService.Scenarios;

/// <summary>One operation as the run records it: its call at once, its return when (if) it comes.</summary>
internal sealed class OperationRecord(int client, KvInput input, long call)
{
    public int Client { get; } = client;

    public KvInput Input { get; } = input;

    public long Call { get; } = call;

    public KvOutput? Output { get; private set; }

    public long? Return { get; private set; }

    /// <summary>The clerk threw instead of answering: the outcome stays unknown, and the run says why.</summary>
    public bool Threw { get; set; }

    /// <summary>Already reported as unfinished.</summary>
    public bool Reported { get; set; }

    public void Complete(KvOutput output, long @return)
    {
        Output = output;
        Return = @return;
    }

    public Operation<KvInput, KvOutput> ToOperation() => Return is { } r
        ? Operations.Completed(Client, Input, Call, Output!, r)
        : Operations.Unknown<KvInput, KvOutput>(Client, Input, Call);
}
