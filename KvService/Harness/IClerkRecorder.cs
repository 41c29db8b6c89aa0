using KvService.Model;

namespace KvService.Harness;

/// <summary>Where a <see cref="ClusterClerk"/> records its operations: the cluster that made it (a KV or a
/// primary/backup cluster), which counts them and keeps its history.</summary>
internal interface IClerkRecorder
{
    /// <summary>Records the call of an operation of clerk <paramref name="clerk"/>; returns its history token (-1 without a history).</summary>
    int OnCall(int clerk, KvInput input);

    /// <summary>Records the answer to operation <paramref name="token"/> (null: an operation without a value, a Put).</summary>
    void OnReturn(int token, string? value);

    /// <summary>Records that the clerk threw: the operation's outcome stays unknown.</summary>
    void OnThrew(int token);
}
