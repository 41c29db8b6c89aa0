namespace KvService.Scenarios;

/// <summary>An operation a client waits for, as the deadline watch sees it.</summary>
/// <param name="Token">Its token in the cluster's history.</param>
/// <param name="Called">When it was called (virtual time).</param>
/// <param name="Deadline">When it must have returned: the liveness timeout after the later of its call and the end of the faults.</param>
internal readonly record struct Waiting(int Token, TimeSpan Called, TimeSpan Deadline);
