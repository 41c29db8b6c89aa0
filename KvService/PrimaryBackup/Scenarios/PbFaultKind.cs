namespace KvService.PrimaryBackup.Scenarios;

/// <summary>What a primary/backup fault event does. Roles are read from the view service when the event starts.</summary>
public enum PbFaultKind
{
    /// <summary>The primary crashes and restarts (empty) after the event's duration.</summary>
    CrashPrimary,

    /// <summary>The backup crashes and restarts (empty) after the event's duration.</summary>
    CrashBackup,

    /// <summary>The primary crashes for the event's duration; the server that was its backup crashes
    /// <see cref="PbFault.Gap"/> after the first is back, for as long.</summary>
    CrashBoth,

    /// <summary>The link between primary and backup is cut.</summary>
    PartitionPrimaryBackup,

    /// <summary>The link between a clerk and the primary is cut.</summary>
    PartitionClerkPrimary,

    /// <summary>The link between a clerk and the backup is cut.</summary>
    PartitionClerkBackup,

    /// <summary>The primary is cut off from the view service (but not from clerks or the backup): the view service
    /// replaces it while it still runs (the split-brain setting).</summary>
    PartitionPrimaryViewService,

    /// <summary>The view service is cut off from everyone.</summary>
    PartitionViewService,

    /// <summary>Every message to and from the view service waits up to <see cref="PbScenarioRunner.SlowDelay"/> each way:
    /// pings come late, and the view service may take live servers for dead.</summary>
    SlowViewService,
}
