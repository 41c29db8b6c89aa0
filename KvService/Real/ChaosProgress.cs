namespace KvService.Real;

/// <summary>Where a real run is: its phase, the time so far, and what it has done.</summary>
/// <param name="Phase">"faults", "healing" (faults off, operations finishing), "final read", "checking".</param>
/// <param name="Elapsed">Wall time since the start.</param>
/// <param name="Operations">Operations called so far.</param>
/// <param name="Kills">Kills of the server so far.</param>
/// <param name="Partitions">Partitions so far.</param>
public sealed record ChaosProgress(string Phase, TimeSpan Elapsed, int Operations, int Kills, int Partitions);
