using LabRpc.Exploration;

namespace KvService.Labs;

/// <summary>What an exploration of any lab found: the search (schedules judged, whether it was complete, the counterexample's
/// choices and branching points), the first failing schedule's verdict run again with its log kept, and how many schedules
/// the checker could not decide.</summary>
/// <typeparam name="TVerdict">The lab's verdict.</typeparam>
public sealed record LabExplorationResult<TVerdict> where TVerdict : class
{
    /// <summary>The search.</summary>
    public required ExplorationResult Search { get; init; }

    /// <summary>The first failing schedule's verdict, or null.</summary>
    public TVerdict? Failure { get; init; }

    /// <summary>How many schedules the checker could not decide.</summary>
    public long Unknown { get; init; }
}
