namespace KvService.PrimaryBackup.Scenarios;

/// <summary>A fault event of a primary/backup scenario: what, when (virtual time from the start of the workload), for how
/// long, which clerk (for a clerk's partition) and, for <see cref="PbFaultKind.CrashBoth"/>, the gap between the two crashes.</summary>
public sealed record PbFault(PbFaultKind Kind, TimeSpan At, TimeSpan Duration, int Client = 0, TimeSpan Gap = default)
{
    /// <summary>When the event's last effect ends.</summary>
    public TimeSpan End => Kind == PbFaultKind.CrashBoth ? At + Duration + Gap + Duration : At + Duration;

    /// <summary>Whether the event crashes a server, cuts the view service off from a server, or cuts the primary off from
    /// its backup: such events change the view or hold back a new backup's state, and are kept apart, so that a new
    /// backup is given the state before the next one: the service cannot survive losing every server that holds the
    /// state.</summary>
    public bool Sequential => Kind is not (PbFaultKind.PartitionClerkPrimary or PbFaultKind.PartitionClerkBackup);

    /// <inheritdoc/>
    public override string ToString() =>
        $"{Kind} at {At.TotalMilliseconds:0} ms for {Duration.TotalMilliseconds:0} ms" +
        (Kind is PbFaultKind.PartitionClerkPrimary or PbFaultKind.PartitionClerkBackup ? $" (clerk {Client})" : "") +
        (Kind == PbFaultKind.CrashBoth ? $", the second {Gap.TotalMilliseconds:0} ms after the first is back" : "");
}
