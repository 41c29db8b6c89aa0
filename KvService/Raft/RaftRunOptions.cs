using LabRpc;

namespace KvService.Raft;

/// <summary>How a Raft scenario run is observed: with the tester's progress log or not.</summary>
public sealed record RaftRunOptions
{
    /// <summary>No log.</summary>
    public static RaftRunOptions Default { get; } = new();

    /// <summary>Whether the tester's progress lines are kept in the verdict.</summary>
    public bool CaptureLog { get; init; }

    /// <summary>Where every step is recorded, if anywhere (determinism checks).</summary>
    public StepRecording? StepRecording { get; init; }
}
