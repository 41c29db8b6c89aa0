using KvService.Model;

namespace KvService.Harness;

/// <summary>Where a <see cref="ClusterClerk"/> records its operations: one per cluster (a KV or a primary/backup
/// cluster), which counts the operations that returned and keeps the history, if the cluster records one.</summary>
internal sealed class ClerkRecorder(KvHistory? history)
{
    /// <summary>The history, or null if the cluster records none.</summary>
    public KvHistory? History => history;

    /// <summary>Operations that returned since the start (or the last <see cref="ResetOps"/>).</summary>
    public int Ops { get; private set; }

    /// <summary>Starts counting operations from 0 again.</summary>
    public void ResetOps() => Ops = 0;

    /// <summary>Records the call of an operation of clerk <paramref name="clerk"/>; returns its history token (-1 without a history).</summary>
    public int OnCall(int clerk, KvInput input) => history?.Call(clerk, input) ?? -1;

    /// <summary>Records the answer to operation <paramref name="token"/> (null: an operation without a value, a Put).</summary>
    public void OnReturn(int token, string? value)
    {
        Ops++;
        history?.Return(token, value is null ? KvOutput.None : new KvOutput(value));
    }

    /// <summary>Records that the clerk threw: the operation's outcome stays unknown.</summary>
    public void OnThrew(int token)
    {
        if (token >= 0) history?.Threw(token);
    }
}
